import { parser } from '@prometheus-io/lezer-promql';
import type { Duration, Expr, Grouping, Matcher, PromqlProblem, Span, StringLit } from './ast.js';
import { scan } from './scan.js';

/**
 * PromQL parsed with the official grammar (@prometheus-io/lezer-promql) into Prometheus's AST.
 * Where the two grammars bind differently, Prometheus's wins: its yacc grammar gives `offset`,
 * `[range]`, `[range:step]` and `@` precedence over every binary and unary operator
 * (promql/parser/generated_parser.y: %nonassoc OFFSET, %right LEFT_BRACKET, shift on AT), so
 * `a + b offset 5m` is `a + (b offset 5m)` and `-x[5m]` is `-(x[5m])`; lezer attaches them to
 * the whole binary expression, and `postfix` moves them down.
 */

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export type Parsed = { ok: true; expr: Expr; unchecked?: boolean } | { ok: false; problem: PromqlProblem };

function syntaxProblem(expr: string, from: number): PromqlProblem {
  const before = expr.slice(0, from).trimEnd();
  if (expr[from] === ')' && before.endsWith(','))
    return {
      offset: before.length - 1,
      message: `invalid PromQL: trailing comma before ")" at column ${before.length} of the expression: remove it`,
    };
  if (expr[from] === '(' && /(^|[^\w:])atan2\s*$/i.test(before))
    return { offset: from, message: 'invalid PromQL: atan2 is a binary operator, not a function: write y atan2 x' };
  // the error node may cover part of a token: show the token up to the next space
  const near = (/^\S+/.exec(expr.slice(from))?.[0] ?? '').replace(/[(),].*$/, '') || expr.slice(from, from + 1).trim();
  return {
    offset: from,
    message:
      near === ''
        ? `invalid PromQL: unexpected end of expression`
        : `invalid PromQL: unexpected "${near.slice(0, 30)}" at column ${from + 1} of the expression`,
  };
}

const kids = (n: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
};

function postfix(inner: Expr, make: (e: Expr) => Expr): Expr {
  if (inner.kind === 'binary') {
    const rhs = postfix(inner.rhs, make);
    return { ...inner, rhs, to: rhs.to };
  }
  if (inner.kind === 'unary') {
    const e = postfix(inner.expr, make);
    return { ...inner, expr: e, to: e.to };
  }
  return make(inner);
}

class Builder {
  constructor(
    readonly src: string,
    readonly renamed: Map<number, string>,
  ) {}

  text = (n: Span) => this.src.slice(n.from, n.to);
  span = (n: Span): Span => ({ from: n.from, to: n.to });

  duration(n: SyntaxNode): Duration {
    const only = n.firstChild;
    const literal = !!only && !only.nextSibling && only.name === 'NumberDurationLiteralInDurationContext';
    return { from: n.from, to: n.to, text: this.text(n), literal };
  }

  str(n: SyntaxNode): StringLit {
    return { kind: 'string', from: n.from, to: n.to, raw: this.text(n) };
  }

  grouping(n: SyntaxNode): Grouping {
    return {
      ...this.span(n),
      labels: kids(n)
        .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
        .map((c) => ({ from: c.from, to: c.to, name: this.text(c), quoted: c.name === 'QuotedLabelName' })),
    };
  }

  matcher(n: SyntaxNode, kind: string): Matcher {
    if (kind === 'QuotedLabelName') return { from: n.from, to: n.to, name: this.text(n), quotedName: true };
    const name = n.firstChild!;
    const op = name.nextSibling!;
    const value = op.nextSibling!;
    return {
      from: n.from,
      to: n.to,
      name: this.text(name),
      quotedName: kind === 'QuotedLabelMatcher',
      op: this.text(op) as Matcher['op'],
      value: this.str(value),
    };
  }

  body(n: SyntaxNode | undefined): Expr[] {
    return n
      ? kids(n)
          .filter((c) => c.type.is('Expr'))
          .map((c) => this.expr(c))
      : [];
  }

  expr(n: SyntaxNode): Expr {
    const c = kids(n);
    const at = { from: n.from, to: n.to };
    switch (n.name) {
      case 'ParenExpr':
        return { kind: 'paren', ...at, expr: this.expr(c.find((k) => k.type.is('Expr'))!) };
      case 'NumberDurationLiteral':
        return { kind: 'number', ...at, text: this.text(n) };
      case 'StringLiteral':
        return this.str(n);
      case 'VectorSelector': {
        let name: string | undefined;
        const matchers: Matcher[] = [];
        for (const k of c) {
          if (k.name === 'Identifier') name = this.text(k);
          else if (k.name === 'LabelMatchers') {
            for (let m = k.firstChild; m; m = m.nextSibling) {
              const kind = m.name;
              if (kind === 'UnquotedLabelMatcher' || kind === 'QuotedLabelMatcher' || kind === 'QuotedLabelName')
                matchers.push(this.matcher(m, kind));
            }
          }
        }
        return { kind: 'selector', from: n.from, to: n.to, name, matchers };
      }
      case 'MatrixSelector':
      case 'SubqueryExpr': {
        const durs = c.filter((k) => k.name === 'DurationExpr').map((k) => this.duration(k));
        return postfix(this.expr(c[0]!), (e) =>
          n.name === 'MatrixSelector'
            ? { kind: 'matrix', from: e.from, to: n.to, expr: e, range: durs[0]! }
            : { kind: 'subquery', from: e.from, to: n.to, expr: e, range: durs[0]!, step: durs[1] },
        );
      }
      case 'OffsetExpr':
        return postfix(this.expr(c[0]!), (e) => ({
          kind: 'offset',
          from: e.from,
          to: n.to,
          expr: e,
          offset: this.duration(c[2]!),
        }));
      case 'StepInvariantExpr':
        return postfix(this.expr(c[0]!), (e) => ({
          kind: 'at',
          from: e.from,
          to: n.to,
          expr: e,
          at: this.src.slice(c[1]!.to, n.to).trim(),
        }));
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return postfix(this.expr(c[0]!), (e) => ({
          kind: 'modifier',
          from: e.from,
          to: n.to,
          expr: e,
          name: n.name === 'AnchoredExpr' ? 'anchored' : 'smoothed',
        }));
      case 'FunctionCall': {
        const id = c[0]!;
        const name = this.renamed.get(id.from) ?? this.text(id);
        return {
          kind: 'call',
          ...at,
          name,
          nameSpan: { from: id.from, to: id.from + name.length },
          args: this.body(c[1]),
        };
      }
      case 'AggregateExpr': {
        const op = c.find((k) => k.name === 'AggregateOp')!;
        const mod = c.find((k) => k.name === 'AggregateModifier');
        const labels = mod?.getChild('GroupingLabels');
        return {
          kind: 'aggregate',
          ...at,
          op: this.text(op).toLowerCase(),
          opSpan: this.span(op),
          args: this.body(c.find((k) => k.name === 'FunctionCallBody')),
          grouping:
            mod && labels
              ? { ...this.grouping(labels), from: mod.from, to: mod.to, without: mod.firstChild?.name === 'Without' }
              : undefined,
        };
      }
      case 'BinaryExpr': {
        const [lhs, op] = c;
        const rhs = c[c.length - 1]!;
        const mm = c.find((k) => k.name === 'MatchingModifierClause');
        const groups = mm ? kids(mm).filter((k) => k.name === 'GroupingLabels') : [];
        const side = mm ? kids(mm).find((k) => k.name === 'GroupLeft' || k.name === 'GroupRight') : undefined;
        const fill = c.find((k) => k.name === 'FillModifier');
        return {
          kind: 'binary',
          ...at,
          op: this.text(op!).toLowerCase(),
          opSpan: this.span(op!),
          lhs: this.expr(lhs!),
          rhs: this.expr(rhs),
          bool: c.some((k) => k.name === 'BoolModifier'),
          matching: mm
            ? {
                ...this.span(mm),
                on: mm.firstChild?.name === 'On',
                labels: this.grouping(groups[0]!),
                group: side ? (side.name === 'GroupLeft' ? 'left' : 'right') : undefined,
                include: groups[1] ? this.grouping(groups[1]) : undefined,
              }
            : undefined,
          fill: fill ? this.span(fill) : undefined,
        };
      }
      case 'UnaryExpr':
        return { kind: 'unary', ...at, op: this.text(c[0]!), expr: this.expr(c[1]!) };
      default:
        throw new Error(`unexpected PromQL node ${n.name}`);
    }
  }
}

const parsedBefore = new Map<string, Parsed>();

/**
 * Parses one expression; a syntax error is the first error node, as Prometheus stops there too.
 * Once per expression in a run: the spec's rules, the lints and validate's gate read the same tree
 * (nothing changes a parsed tree).
 */
export function parse(expr: string): Parsed {
  let parsed = parsedBefore.get(expr);
  if (!parsed) parsedBefore.set(expr, (parsed = parseOnce(expr)));
  return parsed;
}

function parseOnce(expr: string): Parsed {
  if (expr.trim() === '') return { ok: false, problem: { offset: 0, message: 'PromQL expression is empty' } };
  const scanned = scan(expr);
  if (scanned.unknownShort) {
    const { offset, name } = scanned.unknownShort;
    return { ok: false, problem: { offset, end: offset + name.length, message: `unknown function ${name}()` } };
  }
  const tree = parser.parse(scanned.text);
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (error !== undefined) return false;
      if (node.type.isError) {
        error = node.from;
        return false;
      }
      return undefined;
    },
  });
  // @lezer/lr breaks off left-associative chains of more than 300 reductions over 2000 characters
  // (Rec.MaxLeftAssociativeReductionCount, "to avoid creating a tree too deep to recurse through"):
  // a very long `a + b + c ...` then shows an error node that Prometheus would not see. Such an
  // expression with a syntax error is left to promtool (validate) rather than refused on the grammar's limit.
  if (error !== undefined && expr.length >= 2000)
    return { ok: true, expr: { kind: 'number', from: 0, to: 0, text: '0' }, unchecked: true };
  if (error !== undefined) return { ok: false, problem: syntaxProblem(expr, error) };
  const top = kids(tree.topNode)[0];
  if (!top) return { ok: false, problem: { offset: 0, message: 'PromQL expression is empty' } };
  return { ok: true, expr: new Builder(expr, scanned.renamed).expr(top) };
}
