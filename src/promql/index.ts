import type { PromqlProblem, PromVersion, ValueType } from './ast.js';
import { Checker } from './check.js';
import { TYPE_NAMES } from './describe.js';
import { parse } from './parse.js';

export type { PromqlProblem, PromVersion } from './ast.js';
export { promqlVersion } from './dialect.js';

export interface PromqlOptions {
  /** the Prometheus version line the expression is for (default 3) */
  prometheus?: PromVersion;
  /** where the expression is used: an alerting or recording rule must give an instant vector or a scalar */
  as?: 'alert' | 'record' | 'query';
}

const RULE = { alert: "an alerting rule's expression", record: "a recording rule's expression" } as const;

/**
 * Every problem Prometheus would find in one PromQL expression, located in it, in one pass: the
 * syntax (official lezer grammar), then the types and the version's dialect. A rule whose result is
 * a string or a range vector passes `promtool check rules` but fails at every evaluation
 * ("rule result is not a vector or scalar", rules/manager.go EngineQueryFunc): refused here too.
 */
export function promqlProblems(expr: string, opts: PromqlOptions = {}): PromqlProblem[] {
  const key = `${opts.prometheus ?? '3'}\0${opts.as ?? ''}\0${expr}`;
  let problems = checkedBefore.get(key);
  if (!problems) checkedBefore.set(key, (problems = checkOnce(expr, opts)));
  return problems.slice();
}

/**
 * One check per expression, version and use in a run, as parse() is once per expression: the spec's
 * rules and validate's gate ask about the same expressions (nothing changes a result; callers get a copy).
 */
const checkedBefore = new Map<string, readonly PromqlProblem[]>();

function checkOnce(expr: string, opts: PromqlOptions): PromqlProblem[] {
  const parsed = parse(expr);
  if (!parsed.ok) return [parsed.problem];
  if (parsed.unchecked) return [];
  const problems: PromqlProblem[] = [];
  const checker = new Checker({ version: opts.prometheus ?? '3', src: expr, problems });
  const t: ValueType = checker.check(parsed.expr);
  problems.sort((a, b) => a.offset - b.offset);
  const e = parsed.expr;
  const whole = problems.some((p) => p.offset === e.from && p.end === e.to);
  if ((opts.as === 'alert' || opts.as === 'record') && (t === 'string' || t === 'matrix') && !whole) {
    const sel = e.kind === 'matrix' && e.expr.kind === 'selector' ? expr.slice(e.expr.from, e.expr.to) : undefined;
    const fix = sel
      ? `: drop the range (${sel}) or take a rate (rate(${expr.slice(e.from, e.to)}))`
      : t === 'string'
        ? ': a rule needs a query such as up == 0'
        : '';
    problems.push({
      offset: e.from,
      end: e.to,
      message: `${RULE[opts.as]} must be an instant vector or a scalar, got ${TYPE_NAMES[t]}${fix}`,
    });
  }
  return problems;
}
