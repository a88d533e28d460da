import { datasourceUids } from '../model/conventions.js';
import type { DashboardPlan, PanelKind, QueryPlan } from '../model/dashboards/plan.js';
import { type Absent, pool, type Prom, runQuery, skipReason, variableCombos } from './data.js';
import { panelTime } from './grafana-time.js';

/** What the page draws: the dashboard JSON's panels (type, title, unit, gridPos) with their data. */
export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface PagePanel {
  type: PanelKind | 'row';
  title: string;
  unit?: string;
  gridPos: GridPos;
  /** why it is not drawn (its component is not deployed) */
  skipped?: string;
  queries: Array<{
    expr: string;
    legend?: string;
    table: boolean;
    error?: string;
    series: Array<{ labels: Record<string, string>; points: Array<[number, number]> }>;
  }>;
}
export interface PageData {
  uid: string;
  title: string;
  from: string;
  startS: number;
  endS: number;
  stepS: number;
  variables: Record<string, string>;
  prometheus: string;
  panels: PagePanel[];
  /** variables without a value: the panels are drawn without data, as Grafana would */
  emptyVariables: string[];
}

interface JsonTarget {
  expr?: string;
  legendFormat?: string;
  instant?: boolean;
  format?: string;
  queryType?: string;
  exemplar?: boolean;
}
interface JsonPanel {
  type: string;
  title: string;
  gridPos: GridPos;
  datasource?: { uid: string };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: JsonTarget[];
}

const queryOf = (t: JsonTarget): QueryPlan => ({
  ...(t.expr !== undefined ? { expr: t.expr } : {}),
  ...(t.instant && t.format === 'table' ? { table: true } : {}),
  ...(t.queryType === 'serviceMap' ? { serviceMap: true } : {}),
  ...(t.exemplar ? { exemplar: true } : {}),
});

/**
 * The data of one generated dashboard (its JSON, so the layout and queries are exactly what
 * Grafana gets), with the variables as Grafana selects them on a fresh load.
 */
export async function collectPage(
  prom: Prom,
  plan: DashboardPlan,
  json: { panels?: JsonPanel[] },
  absent: Absent,
  from?: string,
): Promise<PageData> {
  const range = from ?? plan.timeFrom;
  const whole = panelTime(range, 24, prom.scrapeInterval);
  const combos = await variableCombos(prom, plan, whole, { perVariable: 1, max: 1, mode: 'default' });
  const chosen = combos.assignments[0];
  const panels = await pool(json.panels ?? [], 4, async (p): Promise<PagePanel> => {
    const base = {
      type: p.type as PagePanel['type'],
      title: p.title,
      gridPos: p.gridPos,
      ...(p.fieldConfig?.defaults?.unit ? { unit: p.fieldConfig.defaults.unit } : {}),
    };
    if (p.type === 'row') return { ...base, queries: [] };
    const planPanel = {
      kind: p.type as PanelKind,
      title: p.title,
      datasource: p.datasource?.uid ?? datasourceUids.prometheus,
      queries: [],
    };
    const targets = p.targets ?? [];
    const skip = targets.map((t) => skipReason(planPanel, queryOf(t), absent)).find(Boolean);
    if (skip) return { ...base, skipped: skip, queries: [] };
    const time = panelTime(range, p.gridPos.w, prom.scrapeInterval);
    const queries = await Promise.all(
      targets.map(async (t) => {
        const q = queryOf(t);
        const d = chosen ? await runQuery(prom, q, chosen.interpolated, time) : { expr: q.expr ?? '', series: [] };
        return {
          expr: d.expr,
          table: Boolean(q.table),
          series: d.series,
          ...(t.legendFormat ? { legend: t.legendFormat } : {}),
          ...('error' in d && d.error ? { error: d.error } : {}),
        };
      }),
    );
    return { ...base, queries };
  });
  return {
    uid: plan.uid,
    title: plan.title,
    from: range,
    startS: whole.startS,
    endS: whole.endS,
    stepS: whole.stepS,
    variables: chosen?.raw ?? {},
    prometheus: prom.url,
    panels,
    emptyVariables: combos.empty.map((e) => e.variable),
  };
}
