import type { CustomDashboardSpec, PanelSpec } from '../spec/types.js';
import { DASHBOARD_PRESETS } from '../model/conventions.js';
import type { FileNotes } from './notes.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const TYPES: Record<string, PanelSpec['type']> = {
  timeseries: 'timeseries',
  graph: 'timeseries',
  stat: 'stat',
  singlestat: 'stat',
  table: 'table',
  gauge: 'gauge',
  bargauge: 'bargauge',
};
/** Grafana's `label_values(metric, label)` query of a Prometheus variable (a string or {query}). */
const variableQuery = (v: Json) =>
  typeof v.query === 'string' ? v.query : isObject(v.query) ? v.query.query : undefined;

/**
 * A Grafana dashboard JSON (bare, or as the HTTP API's {dashboard}) as a custom dashboard:
 * rows of panels with their PromQL targets, legends, units and sizes, and its query and
 * custom variables. Panels on other datasources and other panel types are noted.
 */
export function importDashboard(notes: FileNotes, json: Json, index: number): CustomDashboardSpec | undefined {
  const d = isObject(json.dashboard) ? json.dashboard : json;
  const title = typeof d.title === 'string' ? d.title : `Imported ${index + 1}`;
  const uid =
    typeof d.uid === 'string' && /^[a-zA-Z0-9_-]{1,40}$/.test(d.uid)
      ? d.uid
      : title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 40) || `imported-${index + 1}`;
  // mon's presets own their uids
  const free = (DASHBOARD_PRESETS as readonly string[]).includes(uid) ? `imported-${uid}` : uid;
  const out: CustomDashboardSpec = { uid: free, title, rows: [] };
  const path = ['dashboards', 'custom', index];
  if (free !== d.uid)
    notes.adapted(
      'uid',
      `uid ${String(d.uid ?? 'absent')} written as ${free}${free !== uid ? " (mon's preset of that name has it)" : ''}`,
      [...path, 'uid'],
    );
  if (Array.isArray(d.tags) && d.tags.length) out.tags = d.tags.map(String);
  if (typeof d.refresh === 'string' && d.refresh) out.refresh = d.refresh;
  const from = isObject(d.time) && typeof d.time.from === 'string' ? /^now-(\w+)$/.exec(d.time.from)?.[1] : undefined;
  if (from) out.timeFrom = from;
  const vars = list(isObject(d.templating) ? d.templating.list : []);
  const variables: NonNullable<CustomDashboardSpec['variables']> = [];
  for (const v of vars) {
    const name = String(v.name);
    const q = variableQuery(v);
    const common = {
      ...(v.includeAll === true ? { includeAll: true } : {}),
      ...(v.multi === true ? { multi: true } : {}),
      ...(typeof v.label === 'string' && v.label ? { label: v.label } : {}),
    };
    if (v.type === 'query' && typeof q === 'string' && /^label_values\(/.test(q))
      variables.push({ name, query: q, ...common });
    else if (v.type === 'custom' && typeof v.query === 'string')
      variables.push({
        name,
        values: v.query
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        ...common,
      });
    else
      notes.unmapped(
        `templating.list[${name}]`,
        `variable of type ${String(v.type)}: the spec has label_values() and custom variables only`,
      );
  }
  if (variables.length) out.variables = variables;

  let row: { title?: string; panels: PanelSpec[] } = { panels: [] };
  const push = () => {
    if (row.panels.length) out.rows.push(row);
  };
  const panels = list(d.panels).flatMap((p) => (p.type === 'row' ? [p, ...list(p.panels)] : [p]));
  for (const [i, p] of list(d.rows).entries())
    panels.push({ type: 'row', title: p.title ?? `Row ${i + 1}` }, ...list(p.panels));
  for (const p of panels) {
    const at = `panels[${String(p.title ?? p.id)}]`;
    if (p.type === 'row') {
      push();
      row = { ...(typeof p.title === 'string' && p.title ? { title: p.title } : {}), panels: [] };
      continue;
    }
    const type = TYPES[String(p.type)];
    if (!type) {
      notes.unmapped(
        at,
        `a ${String(p.type)} panel: the spec has time series, stat, table, gauge and bar gauge panels`,
      );
      continue;
    }
    const ds = isObject(p.datasource) ? p.datasource.type : undefined;
    if (ds !== undefined && ds !== 'prometheus') {
      notes.unmapped(at, `a panel on a ${String(ds)} datasource: the spec's panels query Prometheus`);
      continue;
    }
    const queries = list(p.targets)
      .filter((t) => typeof t.expr === 'string' && t.expr.trim() !== '')
      .map((t) => ({
        expr: String(t.expr),
        ...(typeof t.legendFormat === 'string' && t.legendFormat ? { legend: t.legendFormat } : {}),
        ...(t.exemplar === true ? { exemplar: true } : {}),
      }));
    if (!queries.length) {
      notes.unmapped(at, 'a panel without a PromQL query; left out');
      continue;
    }
    const panel: PanelSpec = {
      title: typeof p.title === 'string' && p.title ? p.title : `Panel ${String(p.id)}`,
      type,
      queries,
    };
    const unit = isObject(p.fieldConfig) && isObject(p.fieldConfig.defaults) ? p.fieldConfig.defaults.unit : undefined;
    if (typeof unit === 'string' && unit) panel.unit = unit;
    const grid = isObject(p.gridPos) ? p.gridPos : undefined;
    if (grid && typeof grid.w === 'number') panel.width = grid.w;
    if (grid && typeof grid.h === 'number') panel.height = grid.h;
    row.panels.push(panel);
  }
  push();
  if (!out.rows.length) {
    notes.unmapped('', 'no panel the spec can hold; dashboard left out');
    return undefined;
  }
  return out;
}
