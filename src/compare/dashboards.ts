import { structuralChanges } from '../verify/drift/diff.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const TYPES: Record<string, string> = { graph: 'timeseries', singlestat: 'stat' };

/**
 * A Grafana dashboard in the form that matters to whoever reads it: its title, its variables
 * (name and query or values), and per panel (by title, in order) its type, its queries and
 * legends, and its unit. Ids, grid positions, datasources and styling are left out.
 */
export function canonicalDashboard(json: Json): Json {
  const d = isObject(json.dashboard) ? json.dashboard : json;
  const panels = list(d.panels).flatMap((p) => (p.type === 'row' ? list(p.panels) : [p]));
  const seen = new Map<string, number>();
  const byTitle: Json = {};
  for (const p of panels.filter((x) => x.type !== 'row')) {
    const title = String(p.title ?? '');
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    byTitle[n > 1 ? `${title}#${n}` : title] = {
      type: TYPES[String(p.type)] ?? p.type,
      queries: list(p.targets)
        .filter((t) => typeof t.expr === 'string' && t.expr !== '')
        .map((t) => ({ expr: t.expr, legend: t.legendFormat ?? '' })),
      unit: isObject(p.fieldConfig) && isObject(p.fieldConfig.defaults) ? (p.fieldConfig.defaults.unit ?? '') : '',
    };
  }
  const vars = list(isObject(d.templating) ? d.templating.list : []).map((v) => ({
    name: v.name,
    query: isObject(v.query) ? v.query.query : v.query,
  }));
  return { title: d.title, variables: vars, panels: byTitle };
}

/** Where two dashboards differ for their reader, as `path: a X, b Y`. */
export function compareDashboards(a: Json, b: Json): Array<{ path: string; a: unknown; b: unknown }> {
  return structuralChanges(canonicalDashboard(b), canonicalDashboard(a)).map((c) => ({
    path: c.path,
    a: c.generated,
    b: c.live,
  }));
}
