import {
  type PromqlOptions,
  type PromqlProblem,
  type PromVersion,
  promqlProblems,
  promqlVersion,
} from '../promql/index.js';

export type { PromqlProblem } from '../promql/index.js';
export { promqlProblems, promqlVersion } from '../promql/index.js';

/**
 * The first problem in a PromQL expression (syntax, types, the version's dialect), or undefined
 * when Prometheus accepts it; `promqlProblems` gives them all.
 */
export function checkPromql(expr: string, opts: PromqlOptions = {}): PromqlProblem | undefined {
  return promqlProblems(expr, opts)[0];
}

/**
 * The PromQL dialect of a spec: its `prometheus.version` when it has one (added by the versions
 * work), else mon's default, the 3.x line.
 */
export const specPromqlVersion = (spec: { prometheus?: object }): PromVersion =>
  promqlVersion((spec.prometheus as { version?: string | number } | undefined)?.version);
