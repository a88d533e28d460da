/**
 * The PromQL syntax tree mon checks: the shape of Prometheus's own AST (promql/parser/ast.go),
 * built from the official lezer grammar's tree by parse.ts.
 */

/** Prometheus version lines mon targets: 2.x (Debian's 2.42) and 3.x (3.16). */
export type PromVersion = '2' | '3';

/** Prometheus's value types (parser.ValueType). `matrix` is a range vector. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Offsets into the expression, `to` exclusive. */
export interface Span {
  from: number;
  to: number;
}

/** A range, step or offset: one literal (`5m`, `300`) or a 3.x duration expression. */
export interface Duration extends Span {
  text: string;
  /** a single number or duration literal */
  literal: boolean;
}

export interface Matcher extends Span {
  /** undefined for a bare quoted metric name: {"my.metric"} */
  op?: '=' | '!=' | '=~' | '!~';
  name: string;
  /** the label name was quoted ({"a.b"="c"}) */
  quotedName: boolean;
  value?: StringLit;
}

export interface StringLit extends Span {
  kind: 'string';
  raw: string;
}

export interface Grouping extends Span {
  labels: Array<Span & { name: string; quoted: boolean }>;
}

export type Expr =
  | (Span & { kind: 'number'; text: string })
  | StringLit
  | (Span & { kind: 'selector'; name?: string; matchers: Matcher[] })
  | (Span & { kind: 'matrix'; expr: Expr; range: Duration })
  | (Span & { kind: 'subquery'; expr: Expr; range: Duration; step?: Duration })
  | (Span & { kind: 'offset'; expr: Expr; offset: Duration })
  | (Span & { kind: 'at'; expr: Expr; at: string })
  | (Span & { kind: 'modifier'; expr: Expr; name: 'anchored' | 'smoothed' })
  | (Span & { kind: 'call'; name: string; nameSpan: Span; args: Expr[] })
  | (Span & { kind: 'aggregate'; op: string; opSpan: Span; args: Expr[]; grouping?: Grouping & { without: boolean } })
  | (Span & {
      kind: 'binary';
      op: string;
      opSpan: Span;
      lhs: Expr;
      rhs: Expr;
      bool: boolean;
      matching?: Span & { on: boolean; labels: Grouping; group?: 'left' | 'right'; include?: Grouping };
      fill?: Span;
    })
  | (Span & { kind: 'unary'; op: string; expr: Expr })
  | (Span & { kind: 'paren'; expr: Expr });

export type ExprOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;

/** One problem, located in the expression. */
export interface PromqlProblem {
  /** offset of the problem in the expression */
  offset: number;
  /** end of the offending text (exclusive), when known */
  end?: number;
  message: string;
}
