import { datasourceUids } from '../model/conventions.js';
import type { DashboardPlan, PanelPlan, QueryPlan, VariablePlan } from '../model/dashboards/plan.js';
import { getJson, type HttpAuth } from '../net/http.js';
import { panelTime, type PanelTime } from './grafana-time.js';
import { type Assignment, customValues, interpolate, interpolatedValue, parseLabelValues } from './variables.js';

/** A dashboard's data, fetched from Prometheus the way Grafana would fetch it. */
export interface Prom {
  url: string;
  auth?: HttpAuth;
  /** the Prometheus datasource's scrape interval (`timeInterval`) */
  scrapeInterval: string;
}

export interface Series {
  labels: Record<string, string>;
  /** [unix seconds, value]; one point for an instant (table) query */
  points: Array<[number, number]>;
}

export interface QueryData {
  /** the expression as sent, variables replaced */
  expr: string;
  series: Series[];
  error?: string;
}

/** Components whose absence makes a panel meaningless here: name -> why it is not deployed. */
export type Absent = Partial<Record<'tempo' | 'loki' | 'alertmanager', string>>;

/** Metric families another component produces: without it, their panels are skipped, not failed. */
const PRODUCED_BY: Array<[prefix: string, component: keyof Absent]> = [
  ['traces_spanmetrics_', 'tempo'],
  ['traces_service_graph_', 'tempo'],
  ['tempo_', 'tempo'],
  ['alertmanager_', 'alertmanager'],
];
/** Grafana's Tempo service map reads the metrics-generator's service-graph series from Prometheus. */
const SERVICE_MAP = 'traces_service_graph_request_total';

const NAMES: Record<keyof Absent, string> = { tempo: 'Tempo', loki: 'Loki', alertmanager: 'Alertmanager' };

/** Why a query is not run here (its component is not deployed), or undefined. */
export function skipReason(panel: PanelPlan, q: QueryPlan, absent: Absent): string | undefined {
  if (panel.datasource === datasourceUids.loki)
    return absent.loki ? `Loki: ${absent.loki}` : 'Loki queries are not checked (LogQL)';
  if (panel.datasource === datasourceUids.tempo || q.serviceMap) return absent.tempo && `Tempo: ${absent.tempo}`;
  if (q.exemplar && absent.tempo) return `exemplars link to Tempo: ${absent.tempo}`;
  for (const [prefix, c] of PRODUCED_BY)
    if (absent[c] && new RegExp(`\\b${prefix}`).test(q.expr ?? '')) return `${NAMES[c]}: ${absent[c]}`;
  return undefined;
}

/** The PromQL a query runs (a service map runs its service-graph series). */
export const promqlOf = (q: QueryPlan) => (q.serviceMap ? SERVICE_MAP : (q.expr ?? ''));

async function values(
  prom: Prom,
  v: VariablePlan,
  given: Record<string, string>,
  time: PanelTime,
): Promise<{ values: string[]; query: string; error?: string }> {
  const query = interpolate(v.query, given);
  if (v.kind === 'custom') return { values: customValues(query), query };
  const lv = parseLabelValues(query);
  if (!lv) return { values: [], query, error: 'not a label_values() query' };
  const params = new URLSearchParams({ start: String(time.startS), end: String(time.endS) });
  if (lv.selector) params.append('match[]', lv.selector);
  const r = await getJson<{ data: string[] }>(`${prom.url}/api/v1/label/${lv.label}/values?${params}`, prom.auth);
  return r.data ? { values: r.data.data, query } : { values: [], query, error: r.why };
}

export interface Combos {
  /** each assignment of the variables to evaluate (the raw values, for messages) */
  assignments: Array<{ raw: Assignment; interpolated: Assignment }>;
  /** variables that had no value, with the query as sent and the values chosen before them */
  empty: Array<{ variable: string; query: string; given: Assignment; error?: string }>;
}

/**
 * The variables' values, one combination after another, each variable resolved with the ones
 * before it chosen (an instance list per job). `perVariable` caps each; `mode: 'default'` takes
 * what Grafana selects on a fresh load instead: All for include-All variables, else the first.
 */
export async function variableCombos(
  prom: Prom,
  plan: DashboardPlan,
  time: PanelTime,
  opts: { perVariable: number; max: number; mode?: 'each' | 'default' },
): Promise<Combos> {
  const out: Combos = { assignments: [], empty: [] };
  const walk = async (i: number, raw: Assignment, interp: Assignment): Promise<void> => {
    if (out.assignments.length >= opts.max) return;
    const v = plan.variables[i];
    if (!v) {
      out.assignments.push({ raw, interpolated: interp });
      return;
    }
    const r = await values(prom, v, { ...interp, ...time.builtins }, time);
    if (!r.values.length) {
      out.empty.push({ variable: v.name, query: r.query, given: raw, ...(r.error ? { error: r.error } : {}) });
      return;
    }
    if (opts.mode === 'default') {
      const all = v.includeAll;
      return walk(
        i + 1,
        { ...raw, [v.name]: all ? 'All' : r.values[0]! },
        { ...interp, [v.name]: all ? '.*' : interpolatedValue(v, r.values[0]!) },
      );
    }
    for (const value of r.values.slice(0, opts.perVariable))
      await walk(i + 1, { ...raw, [v.name]: value }, { ...interp, [v.name]: interpolatedValue(v, value) });
  };
  await walk(0, {}, {});
  return out;
}

type PromResult = {
  data: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values?: Array<[number, string]>; value?: [number, string] }>;
  };
};

/** One query over the panel's time: query_range, or an instant query at the end for a table. */
export async function runQuery(prom: Prom, q: QueryPlan, assignment: Assignment, time: PanelTime): Promise<QueryData> {
  const expr = interpolate(promqlOf(q), { ...assignment, ...time.builtins });
  const params = new URLSearchParams({ query: expr });
  if (q.table) params.set('time', String(time.endS));
  else
    for (const [k, v] of [
      ['start', time.startS],
      ['end', time.endS],
      ['step', time.stepS],
    ] as const)
      params.set(k, String(v));
  const r = await getJson<PromResult>(`${prom.url}/api/v1/${q.table ? 'query' : 'query_range'}?${params}`, prom.auth);
  if (!r.data) return { expr, series: [], error: r.why };
  const series = r.data.data.result.map((s) => ({
    labels: s.metric,
    points: (s.values ?? (s.value ? [s.value] : [])).map(([t, v]) => [t, Number(v)] as [number, number]),
  }));
  return { expr, series };
}

/** The time of a panel, from its width and the dashboard's range. */
export const timeOf = (plan: DashboardPlan, panel: PanelPlan, prom: Prom, from?: string, nowMs?: number) =>
  panelTime(from ?? plan.timeFrom, panel.width ?? 12, prom.scrapeInterval, nowMs);

/** Run `fn` over `items`, at most `n` at a time, results in order. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
