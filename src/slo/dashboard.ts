import { datasourceUids, sloNames } from '../model/conventions.js';
import type { DashboardPlan, PanelPlan } from '../model/dashboards/plan.js';
import type { PresetResult } from '../model/dashboards/presets/index.js';
import type { Model, RecordingRule } from '../model/types.js';
import { BURN_WINDOWS } from './windows.js';

const P = datasourceUids.prometheus;
const L = sloNames.labels;

/**
 * The SLO dashboard preset: per SLO its objective, the SLI and the error budget left over the
 * period, the burn rate over the alerts' windows against their factors, and its burn-rate alerts,
 * all from the SLO's recording rules (src/slo/rules.ts).
 */
export function sloDashboard(model: Model): PresetResult {
  const slos = model.ruleGroups
    .filter((g) => g.pack === 'slo')
    .map((g) => {
      const records = g.rules.filter((r): r is RecordingRule => r.kind === 'record');
      const first = records[0]!;
      // the period's ratio is the one averaged over time from the 5m ratios
      const period = records.find((r) => r.expr.startsWith('sum_over_time('))!.labels[L.window]!;
      return { id: first.labels[L.id]!, service: first.labels[L.service]!, name: first.labels[L.name]!, period };
    });
  if (!slos.length) return { empty: 'the spec has no slos:' };
  const rows = slos.map((s) => {
    const on = `${L.id}="${s.id}"`;
    const m = (name: string) => `${name}{${on}}`;
    const panels: PanelPlan[] = [
      {
        kind: 'stat',
        title: 'Objective',
        unit: 'percentunit',
        datasource: P,
        width: 6,
        queries: [{ expr: m(sloNames.objective) }],
      },
      {
        kind: 'stat',
        title: `SLI over ${s.period}`,
        unit: 'percentunit',
        datasource: P,
        width: 6,
        queries: [{ expr: `1 - ${m(sloNames.errorRatio(s.period))}` }],
      },
      {
        kind: 'gauge',
        title: `Error budget left (${s.period})`,
        unit: 'percentunit',
        datasource: P,
        width: 6,
        queries: [{ expr: m(sloNames.budgetRemaining) }],
      },
      {
        kind: 'stat',
        title: 'Burn rate now (5m)',
        unit: 'short',
        datasource: P,
        width: 6,
        queries: [{ expr: m(sloNames.currentBurnRate) }],
      },
      {
        kind: 'timeseries',
        title: 'Burn rate over the alert windows (1 = the budget lasts exactly the period)',
        unit: 'short',
        datasource: P,
        width: 12,
        queries: [...BURN_WINDOWS.page, ...BURN_WINDOWS.ticket].map((w) => ({
          expr: `${m(sloNames.errorRatio(w.long))} / ignoring (${L.window}) ${m(sloNames.errorBudget)}`,
          legend: w.long,
        })),
      },
      {
        kind: 'table',
        title: 'Burn-rate alerts',
        datasource: P,
        width: 12,
        queries: [
          {
            expr: `ALERTS{${on},alertstate="firing"}`,
            table: true,
            mayBeEmpty: 'no burn-rate alert is firing',
          },
        ],
      },
    ];
    return { title: `${s.service} / ${s.name}`, panels };
  });
  const plan: DashboardPlan = {
    uid: 'slo',
    title: `${model.project}: SLOs`,
    tags: ['slo'],
    refresh: '1m',
    timeFrom: '7d',
    variables: [],
    rows,
  };
  return plan;
}
