/**
 * Every PromQL function with its argument and return types, per Prometheus version line.
 * Transcribed from Prometheus's own table, promql/parser/functions.go, at v2.42.0 (Debian's 2.x)
 * and at v0.316.0 (= Prometheus 3.16): argument types, `Variadic` (0: exactly these arguments;
 * n > 0: the last one may be omitted or repeated up to n times in all; -1: the last one repeated
 * without limit) and `Experimental` (needs --enable-feature=promql-experimental-functions, which
 * mon does not set). No function shared by both lines changed its signature.
 */
import type { PromVersion, ValueType } from './ast.js';

export interface FunctionSig {
  /** argument types, in order */
  args: ValueType[];
  variadic: number;
  returns: ValueType;
  experimental: boolean;
  /** the one version line that has it, when not both */
  only?: PromVersion;
}

const T: Record<string, ValueType> = { v: 'vector', m: 'matrix', s: 'scalar', S: 'string' };

function fn(
  args: string,
  returns: string,
  variadic = 0,
  o: { experimental?: boolean; only?: PromVersion } = {},
): FunctionSig {
  return {
    args: [...args].map((c) => T[c]!),
    variadic,
    returns: T[returns]!,
    experimental: o.experimental ?? false,
    only: o.only,
  };
}
const x3 = { experimental: true, only: '3' } as const;

export const FUNCTIONS: Record<string, FunctionSig> = {
  abs: fn('v', 'v'),
  absent: fn('v', 'v'),
  absent_over_time: fn('m', 'v'),
  acos: fn('v', 'v'),
  acosh: fn('v', 'v'),
  asin: fn('v', 'v'),
  asinh: fn('v', 'v'),
  atan: fn('v', 'v'),
  atanh: fn('v', 'v'),
  avg_over_time: fn('m', 'v'),
  ceil: fn('v', 'v'),
  changes: fn('m', 'v'),
  clamp: fn('vss', 'v'),
  clamp_max: fn('vs', 'v'),
  clamp_min: fn('vs', 'v'),
  cos: fn('v', 'v'),
  cosh: fn('v', 'v'),
  count_over_time: fn('m', 'v'),
  day_of_month: fn('v', 'v', 1),
  day_of_week: fn('v', 'v', 1),
  day_of_year: fn('v', 'v', 1),
  days_in_month: fn('v', 'v', 1),
  deg: fn('v', 'v'),
  delta: fn('m', 'v'),
  deriv: fn('m', 'v'),
  double_exponential_smoothing: fn('mss', 'v', 0, x3),
  end: fn('', 's', 0, x3),
  exp: fn('v', 'v'),
  first_over_time: fn('m', 'v', 0, { only: '3' }),
  floor: fn('v', 'v'),
  histogram_avg: fn('v', 'v', 0, { only: '3' }),
  histogram_count: fn('v', 'v'),
  histogram_fraction: fn('ssv', 'v'),
  histogram_quantile: fn('sv', 'v'),
  histogram_quantiles: fn('vSss', 'v', 9, x3),
  histogram_stddev: fn('v', 'v', 0, { only: '3' }),
  histogram_stdvar: fn('v', 'v', 0, { only: '3' }),
  histogram_sum: fn('v', 'v'),
  holt_winters: fn('mss', 'v', 0, { only: '2' }),
  hour: fn('v', 'v', 1),
  idelta: fn('m', 'v'),
  increase: fn('m', 'v'),
  info: fn('vv', 'v', 1, x3),
  integral: fn('ms', 'v', 1, x3),
  irate: fn('m', 'v'),
  label_join: fn('vSSS', 'v', -1),
  label_replace: fn('vSSSS', 'v'),
  last_over_time: fn('m', 'v'),
  ln: fn('v', 'v'),
  log10: fn('v', 'v'),
  log2: fn('v', 'v'),
  mad_over_time: fn('m', 'v', 0, x3),
  max_of: fn('ss', 's', 0, x3),
  max_over_time: fn('m', 'v'),
  min_of: fn('ss', 's', 0, x3),
  min_over_time: fn('m', 'v'),
  minute: fn('v', 'v', 1),
  month: fn('v', 'v', 1),
  pi: fn('', 's'),
  predict_linear: fn('ms', 'v'),
  present_over_time: fn('m', 'v'),
  quantile_over_time: fn('sm', 'v'),
  rad: fn('v', 'v'),
  range: fn('', 's', 0, x3),
  rate: fn('m', 'v'),
  resets: fn('m', 'v'),
  round: fn('vs', 'v', 1),
  scalar: fn('v', 's'),
  sgn: fn('v', 'v'),
  sin: fn('v', 'v'),
  sinh: fn('v', 'v'),
  sort: fn('v', 'v'),
  sort_by_label: fn('vS', 'v', -1, x3),
  sort_by_label_desc: fn('vS', 'v', -1, x3),
  sort_desc: fn('v', 'v'),
  sqrt: fn('v', 'v'),
  start: fn('', 's', 0, x3),
  start_timestamp: fn('v', 'v', 0, x3),
  stddev_over_time: fn('m', 'v'),
  stdvar_over_time: fn('m', 'v'),
  step: fn('', 's', 0, x3),
  sum_over_time: fn('m', 'v'),
  tan: fn('v', 'v'),
  tanh: fn('v', 'v'),
  time: fn('', 's'),
  timestamp: fn('v', 'v'),
  ts_of_first_over_time: fn('m', 'v', 0, x3),
  ts_of_last_over_time: fn('m', 'v', 0, x3),
  ts_of_max_over_time: fn('m', 'v', 0, x3),
  ts_of_min_over_time: fn('m', 'v', 0, x3),
  vector: fn('s', 'v'),
  year: fn('v', 'v', 1),
};

/** A call that type-checks, for messages: `label_replace(up, "dst", "$1", "src", "(.*)")`. */
const USAGE: Record<string, string> = {
  clamp: 'clamp(v, 0, 100)',
  clamp_max: 'clamp_max(v, 100)',
  clamp_min: 'clamp_min(v, 0)',
  histogram_fraction: 'histogram_fraction(0, 0.2, rate(http_request_duration_seconds_bucket[5m]))',
  histogram_quantile: 'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
  histogram_quantiles: 'histogram_quantiles(v, "quantile", 0.5, 0.9)',
  holt_winters: 'holt_winters(v[10m], 0.5, 0.5)',
  double_exponential_smoothing: 'double_exponential_smoothing(v[10m], 0.5, 0.5)',
  info: 'info(v, {k8s_cluster_name=~".+"})',
  label_join: 'label_join(v, "dst", ",", "src1", "src2")',
  label_replace: 'label_replace(v, "dst", "$1", "src", "(.*)")',
  predict_linear: 'predict_linear(v[1h], 4 * 3600)',
  quantile_over_time: 'quantile_over_time(0.9, v[5m])',
  round: 'round(v, 0.1)',
  sort_by_label: 'sort_by_label(v, "instance")',
  sort_by_label_desc: 'sort_by_label_desc(v, "instance")',
  vector: 'vector(1)',
};

const EXAMPLE: Record<ValueType, string> = { vector: 'v', matrix: 'v[5m]', scalar: '1', string: '"label"' };

/** How to call a function, with `v` standing for the selector at hand. */
export function usage(name: string, v = 'http_requests_total'): string {
  const sig = FUNCTIONS[name];
  const text = USAGE[name] ?? `${name}(${(sig?.args ?? []).map((t) => EXAMPLE[t]).join(', ')})`;
  return text.replace(/\bv\b/g, v);
}

/** The functions one version line offers (experimental ones included: the checker explains them). */
export const functionsOf = (version: PromVersion) => (name: string) => {
  const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return f && (f.only === undefined || f.only === version) ? f : undefined;
};
