/**
 * Grafana expands its own variables before Prometheus sees a query: `[$__rate_interval]` is not
 * PromQL. For checking, the interval variables become a plain duration; user variables ($job)
 * stand inside label matcher strings and need nothing.
 */
export const promqlOfPanel = (expr: string) =>
  expr.replace(/\$\{?__(rate_interval|interval|range)(:[a-z]+)?\}?/g, '5m');
