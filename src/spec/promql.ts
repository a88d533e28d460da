import { parser } from '@prometheus-io/lezer-promql';

export interface PromqlProblem {
  /** offset of the problem in the expression */
  offset: number;
  message: string;
}

/**
 * Parses PromQL with the official grammar (@prometheus-io/lezer-promql). Returns the first
 * syntax problem, or undefined when the expression parses.
 */
export function checkPromql(expr: string): PromqlProblem | undefined {
  if (expr.trim() === '') return { offset: 0, message: 'PromQL expression is empty' };
  const tree = parser.parse(expr);
  let problem: PromqlProblem | undefined;
  tree.iterate({
    enter(node) {
      if (problem) return false;
      if (node.type.isError) {
        // the error node may cover part of a token: show the token up to the next space
        const near = (/^\S+/.exec(expr.slice(node.from))?.[0] ?? '').replace(/[(),].*$/, '') || expr.slice(node.from, node.from + 1).trim();
        problem = {
          offset: node.from,
          message: near === '' ? `invalid PromQL: unexpected end of expression` : `invalid PromQL: unexpected "${near.slice(0, 30)}" at column ${node.from + 1} of the expression`,
        };
        return false;
      }
      return undefined;
    },
  });
  return problem;
}
