import { parser } from '@prometheus-io/lezer-promql';

/**
 * The cheap part of PromQL typing that a rule needs: whether the expression's outermost value is
 * a string or a range vector, which Prometheus cannot evaluate as a rule ("rule result is not a
 * vector or scalar", rules/manager.go EngineQueryFunc). Parentheses and offsets are looked through. A full
 * type checker would also catch `"a" + 1` and the like; this sees only the two plain shapes.
 */
export function nonInstantShape(expr: string): 'a string' | 'a range vector' | undefined {
  let node = parser.parse(expr).topNode.firstChild;
  while (node?.name === 'ParenExpr' || node?.name === 'OffsetExpr') node = node.firstChild;
  if (!node || node.nextSibling) return undefined;
  if (node.name === 'StringLiteral') return 'a string';
  if (node.name === 'MatrixSelector' || node.name === 'SubqueryExpr') return 'a range vector';
  return undefined;
}
