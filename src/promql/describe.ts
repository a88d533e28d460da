import type { Expr, ValueType } from './ast.js';

/** Prometheus's names of value types (parser.DocumentedType), with an article. */
export const TYPE_NAMES: Record<ValueType, string> = {
  scalar: 'a scalar',
  vector: 'an instant vector',
  matrix: 'a range vector',
  string: 'a string',
};

export const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** The type of an expression as Prometheus computes it (Expr.Type() in promql/parser/ast.go). */
export function typeOf(e: Expr, returns: (name: string) => ValueType | undefined): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'selector':
      return 'vector';
    case 'matrix':
    case 'subquery':
      return 'matrix';
    case 'offset':
    case 'at':
    case 'modifier':
    case 'paren':
    case 'unary':
      return typeOf(e.expr, returns);
    case 'call':
      return returns(e.name) ?? 'vector';
    case 'aggregate':
      return 'vector';
    case 'binary':
      return typeOf(e.lhs, returns) === 'scalar' && typeOf(e.rhs, returns) === 'scalar' ? 'scalar' : 'vector';
  }
}

/** The expression without the modifiers that do not change what it selects (offset, @). */
export function stripModifiers(e: Expr): Expr {
  return e.kind === 'offset' || e.kind === 'at' || e.kind === 'modifier' ? stripModifiers(e.expr) : e;
}

/** A selector's text (as written) when `e` is one, possibly with offset/@. */
export const isSelector = (e: Expr) => stripModifiers(e).kind === 'selector';

export const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPERATORS = new Set(['and', 'or', 'unless']);
