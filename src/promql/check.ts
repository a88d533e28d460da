import { closest } from '../spec/suggest.js';
import type { Expr, ExprOf, PromqlProblem, PromVersion, Span, ValueType } from './ast.js';
import { COMPARISON, isSelector, SET_OPERATORS, stripModifiers, TYPE_NAMES, typeOf } from './describe.js';
import { aggregate } from './aggregate.js';
import { durationProblem, durationSeconds, functionProblem, numberProblem, quotedNameProblem } from './dialect.js';
import { FUNCTIONS } from './functions.js';
import { argumentProblem } from './arguments.js';
import { selectorProblems, value } from './selector.js';

/**
 * The type checks of Prometheus's parser (promql/parser/parse.go checkAST, and the grammar actions
 * of generated_parser.y for ranges, offsets and @), each with what to write instead.
 */
export interface CheckContext {
  version: PromVersion;
  src: string;
  problems: PromqlProblem[];
}

export class Checker {
  constructor(readonly cx: CheckContext) {}

  text = (s: Span) => this.cx.src.slice(s.from, s.to);
  report = (s: Span, message: string) => void this.cx.problems.push({ offset: s.from, end: s.to, message });
  returns = (name: string): ValueType | undefined =>
    Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]!.returns : undefined;
  type = (e: Expr) => typeOf(e, this.returns);

  check(e: Expr): ValueType {
    switch (e.kind) {
      case 'number': {
        const p = numberProblem(e.text, this.cx.version);
        if (p) this.report(e, p);
        return 'scalar';
      }
      case 'string':
        value(this, e);
        return 'string';
      case 'selector':
        selectorProblems(this, e);
        return 'vector';
      case 'paren':
        return this.check(e.expr);
      case 'matrix':
        return this.matrix(e);
      case 'subquery': {
        const t = this.check(e.expr);
        if (t !== 'vector')
          this.report(
            e,
            `a subquery [${e.range.text}:] needs an instant vector, got ${TYPE_NAMES[t]}${t === 'matrix' ? `: drop the inner range, e.g. ${this.text(stripModifiers(e.expr)).replace(/\[[^\]]*\]$/, '')}[${e.range.text}:]` : ''}`,
          );
        for (const [d, what] of [
          [e.range, 'range'],
          [e.step, 'step'],
        ] as const) {
          const p = d && durationProblem(d, what === 'range' ? 'subquery range' : 'subquery step', this.cx.version);
          if (p && d) this.report(d, p);
        }
        return 'matrix';
      }
      case 'offset':
      case 'at':
        return this.modifier(e);
      case 'modifier': {
        const t = this.check(e.expr);
        // 3.x: parse.go setAnchored/setSmoothed take a selector or a range selector only
        let target = e.expr;
        while (target.kind === 'offset' || target.kind === 'at') target = target.expr;
        const other = e.name === 'anchored' ? 'smoothed' : 'anchored';
        if (this.cx.version === '2') this.report(e, `the ${e.name} modifier needs Prometheus 3: remove it`);
        else if (target.kind === 'modifier' && target.name === other)
          this.report(e, `anchored and smoothed cannot be used together: keep one`);
        else if (target.kind === 'subquery')
          this.report(
            e,
            `the ${e.name} modifier does not apply to a subquery: use it on a range selector such as x[5m] ${e.name}`,
          );
        else if (target.kind !== 'selector' && !(target.kind === 'matrix' && target.expr.kind === 'selector'))
          this.report(
            e,
            `the ${e.name} modifier applies only to a selector or a range selector such as x[5m] ${e.name}`,
          );
        return t;
      }
      case 'unary': {
        const t = this.check(e.expr);
        if (t !== 'scalar' && t !== 'vector')
          this.report(e, `unary ${e.op} applies to a scalar or an instant vector, not to ${TYPE_NAMES[t]}`);
        return t;
      }
      case 'call':
        return this.call(e);
      case 'aggregate':
        return aggregate(this, e);
      case 'binary':
        return this.binary(e);
    }
  }

  private matrix(e: ExprOf<'matrix'>): ValueType {
    const inner = e.expr;
    const p = durationProblem(e.range, 'range', this.cx.version);
    if (p) this.report(e.range, p);
    if (inner.kind === 'selector') {
      this.check(inner);
      return 'matrix';
    }
    if ((inner.kind === 'offset' || inner.kind === 'at') && isSelector(inner)) {
      this.check(inner);
      const sel = stripModifiers(inner);
      const mods = this.cx.src.slice(sel.to, inner.to).trim();
      this.report(
        e,
        `the range [${e.range.text}] must come right after the selector, before ${inner.kind === 'offset' ? 'offset' : '@'}: write ${this.text(sel)}[${e.range.text}] ${mods}`,
      );
      return 'matrix';
    }
    const t = this.check(inner);
    const body = inner.kind === 'paren' ? this.text(inner) : `(${this.text(inner)})`;
    this.report(
      e,
      `a range [${e.range.text}] applies only to a metric selector; ${t === 'vector' ? `for an expression use a subquery: write ${body}[${e.range.text}:]` : `this is ${TYPE_NAMES[t]}`}`,
    );
    return 'matrix';
  }

  private modifier(e: ExprOf<'offset'> | ExprOf<'at'>): ValueType {
    const t = this.check(e.expr);
    const word = e.kind === 'offset' ? 'offset' : '@';
    const clause = this.cx.src.slice(e.expr.to, e.to).trim();
    if (e.kind === 'offset') {
      const p = durationProblem(e.offset, 'offset', this.cx.version);
      if (p) this.report(e.offset, p);
    } else if (!/^(start|end)\s*\(/i.test(e.at)) {
      const at = { from: e.to - e.at.length, to: e.to };
      const p = numberProblem(e.at, this.cx.version);
      if (p) this.report(at, `@ takes a Unix timestamp in seconds; ${p}`);
      // parse.go setTimestamp: Inf, NaN and anything beyond int64 are out of bounds
      else if (!inBounds(e.at))
        this.report(
          at,
          `@ ${e.at} is out of bounds for a timestamp: write a Unix time in seconds such as 1700000000, or @ start() / @ end()`,
        );
    }
    let target = e.expr;
    while (target.kind === 'offset' || target.kind === 'at') {
      if (target.kind === e.kind) {
        this.report(e, `${word} is set twice on ${this.text(stripModifiers(target))}: keep one`);
        return t;
      }
      target = target.expr;
    }
    if (target.kind === 'selector' || target.kind === 'matrix' || target.kind === 'subquery') return t;
    const inside = firstSelector(target);
    const fix = inside
      ? `: write ${this.cx.src.slice(e.expr.from, inside.to)} ${clause}${this.cx.src.slice(inside.to, e.expr.to)}`
      : '';
    this.report(e, `${word} applies to a selector or a subquery, not to ${describe(target, this.text)}${fix}`);
    return t;
  }

  private call(e: ExprOf<'call'>): ValueType {
    const sig = Object.hasOwn(FUNCTIONS, e.name) ? FUNCTIONS[e.name]! : undefined;
    if (!sig) {
      const near = closest(
        e.name,
        Object.keys(FUNCTIONS).filter((n) => !functionProblem(n, this.cx.version)),
      );
      this.report(e.nameSpan, `unknown function ${e.name}()${near ? `: did you mean ${near}()?` : ''}`);
      e.args.forEach((a) => this.check(a));
      return 'vector';
    }
    const unavailable = functionProblem(e.name, this.cx.version);
    if (unavailable) this.report(e.nameSpan, unavailable);
    const types = e.args.map((a) => this.check(a));
    const p = argumentProblem(this, e, sig, types);
    if (p) this.report(p.span, p.message);
    return sig.returns;
  }

  private binary(e: ExprOf<'binary'>): ValueType {
    const lt = this.check(e.lhs);
    const rt = this.check(e.rhs);
    const op = e.op;
    const l = this.text(e.lhs);
    const r = this.text(e.rhs);
    if (e.bool && !COMPARISON.has(op))
      this.report(e.opSpan, `bool applies only to comparisons (==, !=, >, <, >=, <=), not to "${op}": remove it`);
    for (const [side, t, x] of [
      ['left', lt, e.lhs],
      ['right', rt, e.rhs],
    ] as const) {
      if (t === 'scalar' || t === 'vector') continue;
      const inner = x.kind === 'matrix' && x.expr.kind === 'selector' ? this.text(x.expr) : undefined;
      this.report(
        x,
        `"${op}" needs instant vectors or scalars on both sides; the ${side} side is ${TYPE_NAMES[t]}${inner ? `: drop the range (${inner}) or take a rate (rate(${this.text(x)}))` : ''}`,
      );
    }
    if (COMPARISON.has(op) && !e.bool && lt === 'scalar' && rt === 'scalar')
      this.report(
        e.opSpan,
        `a comparison between two scalars needs bool (it returns 0 or 1): write ${l} ${op} bool ${r}`,
      );
    const vectors = lt === 'vector' && rt === 'vector';
    if (SET_OPERATORS.has(op) && (lt === 'scalar' || rt === 'scalar')) {
      const fix = `${lt === 'scalar' ? `vector(${l})` : l} ${op} ${rt === 'scalar' ? `vector(${r})` : r}`;
      this.report(
        e.opSpan,
        `"${op}" needs instant vectors on both sides; the ${lt === 'scalar' ? 'left' : 'right'} side is a scalar: write ${fix}`,
      );
    }
    const m = e.matching;
    if (m && !vectors && (lt === 'scalar' || rt === 'scalar') && m.labels.labels.length > 0) {
      this.report(m, `${this.text(m)} matches series of two instant vectors, but one side is a scalar: remove it`);
    } else if (m && vectors && SET_OPERATORS.has(op) && m.group) {
      this.report(
        m,
        `"${op}" matches many-to-many and takes no group_${m.group}(): remove group_${m.group}${m.include ? this.text(m.include) : ''}`,
      );
    }
    if (m?.on && m.include) {
      for (const g of m.include.labels)
        if (m.labels.labels.some((x) => x.name === g.name))
          this.report(
            g,
            `label ${g.name} must not be in both on(...) and group_${m.group}(...): remove it from group_${m.group}(...)`,
          );
    }
    for (const g of [...(m?.labels.labels ?? []), ...(m?.include?.labels ?? [])]) {
      const q = g.quoted && quotedNameProblem(g.name, this.cx.version);
      if (q) this.report(g, q);
    }
    if (e.fill)
      this.report(
        e.fill,
        this.cx.version === '2'
          ? 'fill modifiers need Prometheus 3'
          : 'fill modifiers are experimental in Prometheus 3 and not enabled by mon: remove it',
      );
    if ((op === '</' || op === '>/') && this.cx.version === '2')
      this.report(e.opSpan, `the trim operator ${op} needs Prometheus 3`);
    return lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
  }
}

/** The first selector (instant or range) inside an expression, depth first. */
export function firstSelector(e: Expr): Expr | undefined {
  switch (e.kind) {
    case 'selector':
    case 'matrix':
    case 'subquery':
      return e;
    case 'call':
    case 'aggregate':
      for (const a of e.args) {
        const s = firstSelector(a);
        if (s) return s;
      }
      return undefined;
    case 'paren':
    case 'unary':
    case 'offset':
    case 'at':
    case 'modifier':
      return firstSelector(e.expr);
    default:
      return undefined;
  }
}

function describe(e: Expr, text: (s: Span) => string): string {
  if (e.kind === 'call') return `${e.name}(...)`;
  if (e.kind === 'aggregate') return `${e.op}(...)`;
  if (e.kind === 'number') return `the number ${text(e)}`;
  if (e.kind === 'binary') return `the expression ${text(e)}`;
  return text(e);
}

function inBounds(text: string): boolean {
  const t = text.replace(/_/g, '').replace(/^\+/, '');
  if (/^-?(inf|nan)$/i.test(t)) return false;
  const n = /^-?\d+(ms|s|m|h|d|w|y)/.test(t) ? (durationSeconds(t.replace(/^-/, '')) ?? 0) : Number(t);
  return Number.isNaN(n) || Math.abs(n) < 9.223372036854776e18;
}
