import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { parseDuration } from '../../spec/duration.js';

/**
 * A PromQL expression in a canonical form, so that the query Prometheus reports back
 * (/api/v1/rules, printed by its own parser) compares equal to the expression mon generated:
 * no white space, numbers by value (2.x prints 1073741824 as 1.073741824e+09), durations by
 * length, matchers sorted by label name (Prometheus sorts them), `by`/`without` before the
 * aggregated body, strings by their value. Checked against Prometheus 2.42 and 3.16.
 */
export function canonicalPromql(expr: string): string {
  const tree = parser.parse(expr);
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const children = (n: SyntaxNode) => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  };
  const walk = (n: SyntaxNode): string => {
    switch (n.name) {
      case 'NumberDurationLiteral':
      case 'NumberLiteral': {
        const t = text(n);
        const ms = /[a-z]$/i.test(t) && !/^0x/i.test(t) ? parseDuration(t) : undefined;
        return ms !== undefined ? `${ms}ms` : String(Number(t));
      }
      case 'NumberDurationLiteralInDurationContext':
      case 'Duration': {
        const ms = parseDuration(text(n));
        return ms !== undefined ? `${ms}ms` : text(n);
      }
      case 'StringLiteral': {
        const t = text(n);
        const value = t.startsWith('`')
          ? t.slice(1, -1)
          : (JSON.parse(t.startsWith("'") ? `"${t.slice(1, -1).replace(/"/g, '\\"')}"` : t) as string);
        return JSON.stringify(value);
      }
      case 'LabelMatchers': {
        return `{${children(n).map(walk).sort().join(',')}}`;
      }
      case 'AggregateExpr': {
        const kids = children(n);
        const mod = kids.find((c) => c.name === 'AggregateModifier');
        const rest = kids.filter((c) => c !== mod);
        return `${n.name}(${[rest[0]!, ...(mod ? [mod] : []), ...rest.slice(1)].map(walk).join(' ')})`;
      }
      default: {
        // `group_left` and `group_left ()` are one modifier (Prometheus prints the second): an
        // empty label list after group_left/group_right is dropped
        const kids = children(n).filter(
          (c, i, all) =>
            !(
              c.name === 'GroupingLabels' &&
              !c.firstChild &&
              ['GroupLeft', 'GroupRight'].includes(all[i - 1]?.name ?? '')
            ),
        );
        if (!kids.length) return text(n).replace(/\s+/g, '');
        // a leaf (By, Sum, Identifier, ...) is its text; a composite node its name and its children
        return `${n.name}(${kids.map(walk).join(' ')})`;
      }
    }
  };
  return walk(tree.topNode);
}
