/** Dashboards as plain data: presets and custom dashboards produce these; render.ts builds them. */
export type PanelKind = 'timeseries' | 'stat' | 'table' | 'gauge' | 'bargauge' | 'nodeGraph';

export interface QueryPlan {
  expr?: string;
  legend?: string;
  /** an instant query shown as a table (runtime information, alert lists) */
  table?: boolean;
  /** a Tempo service-map query */
  serviceMap?: boolean;
  /** exemplars alongside the series (they link to traces in Tempo) */
  exemplar?: boolean;
  /** why an empty result is the healthy state (no alert firing), for `mon verify`'s data check */
  mayBeEmpty?: string;
  /** empty is the healthy state only while this query has series (no 5xx while there is traffic; not when the metric is gone) */
  emptyUnless?: { expr: string; why: string };
}

export interface PanelPlan {
  kind: PanelKind;
  title: string;
  description?: string;
  unit?: string;
  datasource: string;
  queries: QueryPlan[];
  width?: number;
  height?: number;
}

export interface VariablePlan {
  name: string;
  label: string;
  /** custom: a fixed comma-separated list; query: a Prometheus label_values() query */
  kind: 'custom' | 'query';
  query: string;
  includeAll?: boolean;
  multi?: boolean;
}

export interface DashboardPlan {
  uid: string;
  title: string;
  tags: string[];
  refresh?: string;
  timeFrom: string;
  variables: VariablePlan[];
  rows: Array<{ title?: string; panels: PanelPlan[] }>;
}

/** `[$__rate_interval]` is Grafana's, not PromQL: the window every preset uses. */
export const RATE = '$__rate_interval';

/** A PromQL selector with Grafana variables: job="$job", instance=~"$instance". */
export const sel = (metric: string, matchers: string) => `${metric}{${matchers}}`;
