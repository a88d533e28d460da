import { labelKeys, sloNames, sloRuleGroup } from '../model/conventions.js';
import type { AlertRule, RecordingRule, RuleGroup } from '../model/types.js';
import { alertRule } from '../packs/rule.js';
import { formatSelector, parseSelector, type ParsedSelector } from './selector.js';
import { SLO_TEST_STEP, sloTests } from './tests.js';
import type { SloAlertSpec, SloSpec } from './types.js';
import {
  BURN_WINDOWS,
  burnFactor,
  DEFAULT_SLO_PERIOD,
  periodDays,
  recordedWindows,
  type SloPeriod,
  type SloSeverity,
} from './windows.js';

const L = sloNames.labels;
const round = (x: number) => Number(x.toPrecision(12));
const pascal = (s: string) =>
  s
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/** What an SLO's SLI measures, resolved from the spec: selectors of good and of all events. */
export interface SliPlan {
  kind: 'events' | 'latency';
  good: ParsedSelector;
  total: ParsedSelector;
  /** latency: the bucket's upper bound as written in `le` */
  le?: string;
}

export interface SloAlertPlan {
  severity: SloSeverity;
  rule: AlertRule;
  /** the window pairs and their factors */
  pairs: Array<{ short: string; long: string; shortMinutes: number; longMinutes: number; factor: number }>;
}

export interface SloPlan {
  id: string;
  spec: SloSpec;
  index: number;
  period: SloPeriod;
  objective: number;
  /** 1 - objective, rounded to 12 digits (99.9 -> 0.001) */
  budget: number;
  labels: Record<string, string>;
  sli: SliPlan;
  alerts: SloAlertPlan[];
}

export const sloId = (s: Pick<SloSpec, 'service' | 'name'>) => `${s.service}-${s.name}`;

/** The `le` matcher of a latency threshold: Prometheus 3 writes le="2" as "2.0" when it scrapes a classic histogram. */
function leMatcher(threshold: number): { value: string; matcher: ParsedSelector['matchers'][number] } {
  const value = String(threshold);
  return Number.isInteger(threshold)
    ? { value, matcher: { name: 'le', op: '=~', value: `${value}|${value}\\.0` } }
    : { value, matcher: { name: 'le', op: '=', value } };
}

/** The SLI's selectors; throws on a selector the spec rules would have refused. */
export function sliPlan(spec: SloSpec): SliPlan {
  const parse = (text: string) => {
    const p = parseSelector(text);
    if ('error' in p) throw new Error(`slo ${spec.name}: ${p.error}`);
    return p;
  };
  if (spec.sli.events)
    return { kind: 'events', good: parse(spec.sli.events.good), total: parse(spec.sli.events.total) };
  const h = parse(spec.sli.latency!.histogram);
  const le = leMatcher(spec.sli.latency!.threshold);
  return {
    kind: 'latency',
    good: { metric: `${h.metric}_bucket`, matchers: [...h.matchers, le.matcher] },
    total: { metric: `${h.metric}_count`, matchers: h.matchers },
    le: le.value,
  };
}

/** The error ratio over a window: 1 - good/total, summed over every series of the SLI. */
export const errorRatioExpr = (sli: SliPlan, window: string) =>
  `1 - (sum(rate(${formatSelector(sli.good)}[${window}])) / sum(rate(${formatSelector(sli.total)}[${window}])))`;

const sel = (name: string, id: string) => `${name}{${L.id}="${id}"}`;

export function sloPlan(spec: SloSpec, index: number, runbookBaseUrl: string | undefined): SloPlan {
  const id = sloId(spec);
  const period = spec.window ?? DEFAULT_SLO_PERIOD;
  const budget = round((100 - spec.objective) / 100);
  const labels = { [L.id]: id, [L.service]: spec.service, [L.name]: spec.name };
  const plan: SloPlan = {
    id,
    spec,
    index,
    period,
    objective: round(spec.objective / 100),
    budget,
    labels,
    sli: sliPlan(spec),
    alerts: [],
  };
  for (const severity of ['page', 'ticket'] as const) {
    const a: SloAlertSpec = spec.alerts?.[severity] ?? {};
    if (a.enabled === false) continue;
    const pairs = BURN_WINDOWS[severity].map((w) => ({ ...w, factor: burnFactor(period, w) }));
    const cond = (window: string, factor: number) =>
      `max without (${L.window}) (${sel(sloNames.errorRatio(window), id)} > (${factor} * ${budget}))`;
    const expr = pairs
      .map((p) => `(\n  ${cond(p.short, p.factor)}\n  and\n  ${cond(p.long, p.factor)}\n)`)
      .join('\nor\n');
    const speed = severity === 'page' ? 'fast' : 'slowly but steadily';
    const rule = alertRule(
      {
        alert:
          a.name ?? `${pascal(spec.service)}${pascal(spec.name)}BudgetBurn${severity === 'page' ? 'Page' : 'Ticket'}`,
        expr,
        severity: a.severity ?? (severity === 'page' ? 'critical' : 'warning'),
        summary: `SLO ${spec.service}/${spec.name} (${spec.objective}% over ${period}) is burning its error budget ${speed}`,
        description:
          `The error ratio of ${spec.service}/${spec.name} is above ` +
          pairs.map((p) => `${p.factor}x the budget over ${p.long} and ${p.short}`).join(', or ') +
          ` (multi-window, multi-burn-rate ${severity} alert).`,
        labels: { [L.severity]: severity, [labelKeys.service]: spec.service, ...a.labels },
        annotations: a.annotations,
        source: ['slos', index],
      },
      runbookBaseUrl,
    );
    plan.alerts.push({ severity, rule, pairs });
  }
  return plan;
}

/** One SLO -> one rule group: SLI ratios per window, budget and burn-rate recordings, then its alerts (one group, so the alerts read this evaluation's ratios). */
export function sloRuleGroup_(plan: SloPlan, project: string): RuleGroup {
  const { id, labels, sli, period } = plan;
  const source = ['slos', plan.index];
  const rec = (record: string, expr: string, extra: Record<string, string> = {}): RecordingRule => ({
    kind: 'record',
    record,
    expr,
    labels: { ...labels, ...extra },
    source,
    tests: [],
  });
  const windows = recordedWindows(period);
  const short = sloNames.errorRatio(windows[0]!);
  const on = `on(${L.id}, ${L.name}, ${L.service}) group_left`;
  const rules: RuleGroup['rules'] = [
    ...windows.slice(0, -1).map((w) => rec(sloNames.errorRatio(w), errorRatioExpr(sli, w), { [L.window]: w })),
    // the period's ratio as the mean of the 5m ratios, as sloth does (a 30d rate over raw series is too costly)
    rec(
      sloNames.errorRatio(period),
      `sum_over_time(${sel(short, id)}[${period}])\n/ ignoring (${L.window})\ncount_over_time(${sel(short, id)}[${period}])`,
      { [L.window]: period },
    ),
    rec(sloNames.objective, `vector(${plan.objective})`),
    rec(sloNames.errorBudget, `vector(${plan.budget})`),
    rec(sloNames.periodDays, `vector(${periodDays(period)})`),
    rec(sloNames.currentBurnRate, `${sel(short, id)}\n/ ${on}\n${sel(sloNames.errorBudget, id)}`),
    rec(sloNames.periodBurnRate, `${sel(sloNames.errorRatio(period), id)}\n/ ${on}\n${sel(sloNames.errorBudget, id)}`),
    rec(sloNames.budgetRemaining, `1 - ${sel(sloNames.periodBurnRate, id)}`),
  ];
  for (const a of plan.alerts) {
    a.rule.tests = sloTests(plan, a);
    rules.push(a.rule);
  }
  return { name: sloRuleGroup(project, id), pack: 'slo', testEvaluationInterval: SLO_TEST_STEP, rules };
}

export function sloRuleGroups(project: string, slos: SloSpec[] | undefined, runbookBaseUrl?: string): RuleGroup[] {
  return (slos ?? []).map((s, i) => sloRuleGroup_(sloPlan(s, i, runbookBaseUrl), project));
}
