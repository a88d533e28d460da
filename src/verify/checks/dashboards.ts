import { type Absent, pool, type Prom, runQuery, skipReason, timeOf, variableCombos } from '../../dashboards/data.js';
import { panelTime } from '../../dashboards/grafana-time.js';
import { jobs } from '../../model/conventions.js';
import type { DashboardPlan } from '../../model/dashboards/plan.js';
import type { CheckResult } from '../../report/checks.js';
import { plural } from '../../ui/text.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';

/** Each label_values() variable is tried with its first values, at most this many combinations per dashboard. */
export const VALUES_PER_VARIABLE = 5;
const MAX_COMBINATIONS = 25;

const show = (a: Record<string, string>) =>
  Object.entries(a)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * Which components are absent, and why, as verify sees them. For a stack elsewhere (only
 * --prometheus-url given) a component counts as there when Prometheus scrapes it up.
 */
async function absentOf(ctx: VerifyContext, prom: Prom): Promise<Absent> {
  const m = ctx.model;
  const out: Absent = {};
  const scraped: Partial<Record<keyof Absent, string>> = { tempo: jobs.tempo, alertmanager: jobs.alertmanager };
  for (const [c, on] of [
    ['tempo', m.tempo.enabled],
    ['loki', m.loki.enabled],
    ['alertmanager', m.alertmanager.enabled],
  ] as const) {
    if (!on) out[c] = 'not part of this stack';
    else if (ctx.endpoints.urls[c]) continue;
    else if (ctx.state || !scraped[c]) out[c] = ctx.endpoints.absent[c] ?? 'not deployed';
    else {
      const up = await runQuery(
        prom,
        { expr: `max(up{job="${scraped[c]}"})`, table: true },
        {},
        panelTime('5m', 24, prom.scrapeInterval),
      );
      const v = up.series[0]?.points[0]?.[1];
      if (v !== 1) out[c] = `up{job="${scraped[c]}"} is ${v ?? 'absent'} in Prometheus`;
    }
  }
  return out;
}

interface Tally {
  problems: string[];
  skipped: string[];
  emptyOk: string[];
  queries: number;
  panels: number;
}

/** Every panel target of one dashboard, for every combination of its variables' values. */
async function dashboard(prom: Prom, plan: DashboardPlan, absent: Absent, t: Tally): Promise<void> {
  const where = `dashboard ${plan.uid}`;
  const combos = await variableCombos(prom, plan, panelTime(plan.timeFrom, 24, prom.scrapeInterval), {
    perVariable: VALUES_PER_VARIABLE,
    max: MAX_COMBINATIONS,
  });
  for (const e of combos.empty) {
    const given = Object.keys(e.given).length ? ` with ${show(e.given)}` : '';
    t.problems.push(
      `${where}: variable $${e.variable} has no values${given}: ${e.query}${e.error ? ` (${e.error})` : ''}`,
    );
  }
  const panels = plan.rows.flatMap((r) => r.panels);
  t.panels += panels.length;
  const jobs = panels.flatMap((panel) => panel.queries.map((q) => ({ panel, q })));
  await pool(jobs, 6, async ({ panel, q }) => {
    const skip = skipReason(panel, q, absent);
    const label = `${where}, panel "${panel.title}"`;
    if (skip) {
      t.skipped.push(`${label}: ${skip}`);
      return;
    }
    const time = timeOf(plan, panel, prom);
    for (const a of combos.assignments) {
      t.queries++;
      const d = await runQuery(prom, q, a.interpolated, time);
      const vars = Object.keys(a.raw).length ? ` (${show(a.raw)})` : '';
      if (d.error) t.problems.push(`${label}${vars}: ${d.error}: ${d.expr}`);
      else if (!d.series.length && q.mayBeEmpty) t.emptyOk.push(`${label}: empty, ${q.mayBeEmpty}`);
      else if (
        !d.series.length &&
        q.emptyUnless &&
        (await runQuery(prom, { ...q, expr: q.emptyUnless.expr }, a.interpolated, time)).series.length
      ) {
        t.emptyOk.push(`${label}: empty, ${q.emptyUnless.why}`);
      } else if (!d.series.length) t.problems.push(`${label}${vars}: no series: ${d.expr}`);
    }
  });
}

/** `dashboards.data`: every generated dashboard's panels return series from the live Prometheus. */
export async function dashboardChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const plans = ctx.model.dashboards.plans;
  if (!ctx.model.grafana.enabled || !plans.length) return [];
  return [
    await needs(ctx, 'prometheus', 'dashboards.data', 'Dashboards: every panel query returns data', async (url) => {
      const prom: Prom = { url, auth: ctx.endpoints.auth, scrapeInterval: ctx.model.prometheus.scrapeInterval };
      const t: Tally = { problems: [], skipped: [], emptyOk: [], queries: 0, panels: 0 };
      const absent = await absentOf(ctx, prom);
      for (const plan of plans) await dashboard(prom, plan, absent, t);
      const uniq = (l: string[]) => [...new Set(l)].sort();
      const notes = [...uniq(t.skipped).map((s) => `skipped: ${s}`), ...uniq(t.emptyOk).map((s) => `ok: ${s}`)];
      const summary = `${plural(plans.length, 'dashboard')}, ${plural(t.panels, 'panel')}, ${t.queries} ${t.queries === 1 ? 'query' : 'queries'} run, ${uniq(t.skipped).length} skipped`;
      if (t.problems.length)
        return fail(
          [`${plural(t.problems.length, 'problem')} (${summary}):`, ...t.problems.sort(), ...notes].join('\n'),
        );
      return pass([summary, ...notes].join('\n'));
    }),
  ];
}
