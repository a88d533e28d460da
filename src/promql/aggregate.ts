import type { ExprOf, ValueType } from './ast.js';
import type { Checker } from './check.js';
import { TYPE_NAMES } from './describe.js';
import { aggregationProblem, quotedNameProblem } from './dialect.js';

/**
 * Aggregations (checkAST's *AggregateExpr case and the grammar's argument count): the parameter
 * of topk/bottomk/quantile/limitk/limit_ratio is a scalar, count_values' a string, and the
 * aggregated expression an instant vector.
 */
const PARAM_OPS = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
const PARAM_EXAMPLE: Record<string, string> = {
  topk: '5',
  bottomk: '5',
  quantile: '0.9',
  count_values: '"value"',
  limitk: '5',
  limit_ratio: '0.5',
};

export function aggregate(c: Checker, e: ExprOf<'aggregate'>): ValueType {
  const p = aggregationProblem(e.op, c.cx.version);
  if (p) c.report(e.opSpan, p);
  for (const l of e.grouping?.labels ?? []) {
    const q = l.quoted && quotedNameProblem(l.name, c.cx.version);
    if (q) c.report(l, q);
  }
  const types = e.args.map((a) => c.check(a));
  const wants = PARAM_OPS.has(e.op) ? 2 : 1;
  const ex = PARAM_OPS.has(e.op)
    ? `${e.op}(${PARAM_EXAMPLE[e.op]}, ${e.args.length ? c.text(e.args[e.args.length - 1]!) : 'http_requests_total'})`
    : `${e.op}(${e.args.length ? c.text(e.args[0]!) : 'http_requests_total'})`;
  if (e.args.length === 0) {
    c.report(
      e,
      `${e.op}() needs ${wants === 2 ? 'a parameter and an instant vector' : 'an instant vector'} to aggregate: write ${ex}`,
    );
    return 'vector';
  }
  if (e.args.length !== wants) {
    c.report(
      e,
      `${e.op}() takes ${wants === 2 ? 'a parameter and an instant vector' : 'one instant vector'}, got ${e.args.length} argument${e.args.length === 1 ? '' : 's'}: write ${ex}`,
    );
    return 'vector';
  }
  const vector = e.args[wants - 1]!;
  const vt = types[wants - 1]!;
  if (wants === 2) {
    const want: ValueType = e.op === 'count_values' ? 'string' : 'scalar';
    const param = e.args[0]!;
    if (types[0] !== want) {
      const swapped = types[0] === 'vector' && types[1] === want;
      const bare = param.kind === 'selector' && param.name && !param.matchers.length ? param.name : undefined;
      const fix = swapped
        ? `${e.op}(${c.text(e.args[1]!)}, ${c.text(param)})`
        : want === 'string'
          ? `${e.op}("${bare ?? 'value'}", ${c.text(vector)})`
          : `${e.op}(${PARAM_EXAMPLE[e.op]}, ${c.text(vector)})`;
      const what =
        want === 'string'
          ? "the output label's name (a string)"
          : e.op === 'quantile' || e.op === 'limit_ratio'
            ? 'a scalar between 0 and 1'
            : 'a scalar count';
      c.report(param, `${e.op}() takes ${what} first, got ${TYPE_NAMES[types[0]!]}: write ${fix}`);
      return 'vector';
    }
  }
  if (vt !== 'vector') {
    const over =
      vector.kind === 'matrix' && ['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'quantile'].includes(e.op)
        ? `, or ${e.op}_over_time(${c.text(vector)}) to aggregate over time`
        : '';
    const fix =
      vt === 'scalar'
        ? `${e.op}(vector(${c.text(vector)}))`
        : vector.kind === 'matrix' && vector.expr.kind === 'selector'
          ? `${e.op}(${c.text(vector.expr)})${over}`
          : undefined;
    c.report(vector, `${e.op}() aggregates an instant vector, got ${TYPE_NAMES[vt]}${fix ? `: write ${fix}` : ''}`);
  }
  return 'vector';
}
