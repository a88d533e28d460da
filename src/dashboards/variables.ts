import type { VariablePlan } from '../model/dashboards/plan.js';

/**
 * Template variables as Grafana's Prometheus datasource expands them. Sources: the variable syntax
 * `$name`, `${name}`, `${name:format}` and `[[name]]` (grafana.com/docs/grafana/latest/dashboards/variables/variable-syntax/);
 * a value of a multi-value or include-All variable is regex-escaped, since it stands in `=~"..."`
 * (prometheusSpecialRegexEscape() in the Prometheus datasource's datasource.ts); a custom variable's
 * values are its comma-separated list; label_values(metric, label) asks Prometheus for the label's
 * values on the series of `metric` (grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/).
 */

/** A value chosen for each variable, by name. */
export type Assignment = Record<string, string>;

const REGEX_SPECIAL = /[$^*{}[\]'+?.()|\\]/g;
/** What Grafana puts in the query for one value of this variable. */
export const interpolatedValue = (v: Pick<VariablePlan, 'multi' | 'includeAll'>, value: string) =>
  v.multi || v.includeAll ? value.replace(REGEX_SPECIAL, '\\\\$&') : value;

const REF = /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g;

/** The expression with every known variable replaced; unknown ones stay as they are. */
export function interpolate(expr: string, values: Record<string, string>): string {
  return expr.replace(REF, (whole, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    return name in values ? values[name]! : whole;
  });
}

/** The variables an expression uses, with where (built-ins excluded). */
export const variableRefs = (expr: string) =>
  [...expr.matchAll(REF)]
    .map((m) => ({ name: (m[1] ?? m[2] ?? m[3])!, index: m.index }))
    .filter((r) => !r.name.startsWith('__'));
export const usedVariables = (expr: string) => variableRefs(expr).map((r) => r.name);

/** label_values(selector, label) or label_values(label), parsed. */
export function parseLabelValues(query: string): { selector?: string; label: string } | undefined {
  const m = /^\s*label_values\(\s*(?:(.*),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(query);
  if (!m) return undefined;
  return { ...(m[1] ? { selector: m[1].trim() } : {}), label: m[2]! };
}

/** A custom variable's values: `a,b,c`, each possibly `text : value`. */
export const customValues = (query: string) =>
  query
    .split(/(?<!\\),/)
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => (v.includes(' : ') ? v.split(' : ')[1]!.trim() : v));
