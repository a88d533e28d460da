import type { ExprOf, Span, ValueType } from './ast.js';
import type { Checker } from './check.js';
import { ORDINAL, stripModifiers, TYPE_NAMES } from './describe.js';
import type { FunctionSig } from './functions.js';
import { usage } from './functions.js';
import { re2Problem } from './regex.js';
import { unquote } from './strings.js';

/** The top-level arguments of an example call: `f(a, g(b, c), "d")` -> [a, g(b, c), "d"]. */
function exampleArgs(call: string): string[] {
  const inner = call.slice(call.indexOf('(') + 1, call.lastIndexOf(')'));
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (inner.trim()) out.push(inner.slice(start).trim());
  return out;
}

/**
 * A call with too few arguments completed around the ones written, where their types fit the
 * signature at its start (`label_replace(x, "dst", "$1", "src")` -> `..., "(.*)")`) or at its end
 * (a dropped first argument: `histogram_quantile(x)` -> `histogram_quantile(0.9, x)`).
 */
function completed(
  c: Checker,
  e: ExprOf<'call'>,
  sig: FunctionSig,
  types: ValueType[],
  min: number,
): string | undefined {
  const got = e.args.length;
  if (got === 0 || got >= min) return undefined;
  const examples = exampleArgs(usage(e.name));
  if (examples.length < min) return undefined;
  const mine = e.args.map((a) => c.text(a));
  const fits = (offset: number) => types.every((t, i) => t === sig.args[Math.min(i + offset, sig.args.length - 1)]);
  if (fits(0)) return `${e.name}(${[...mine, ...examples.slice(got, min)].join(', ')})`;
  if (fits(min - got)) return `${e.name}(${[...examples.slice(0, min - got), ...mine].join(', ')})`;
  return undefined;
}

/**
 * Argument count and types of a call (checkAST's *Call case), with the call to write instead:
 * a range added to a selector (`rate(x)` -> `rate(x[5m])`), a subquery for an expression,
 * arguments in the right order, quotes around a label name.
 */
export function argumentProblem(
  c: Checker,
  e: ExprOf<'call'>,
  sig: FunctionSig,
  types: ValueType[],
): { span: Span; message: string } | undefined {
  const n = sig.args.length;
  const got = e.args.length;
  const first = e.args[0]
    ? c.text(
        stripModifiers(e.args[0]).kind === 'matrix' ? (stripModifiers(e.args[0]) as ExprOf<'matrix'>).expr : e.args[0],
      )
    : undefined;
  const example = usage(e.name, first && /^[A-Za-z_:][\w:]*(\{.*\})?$/.test(first) ? first : undefined);
  const min = sig.variadic === 0 ? n : n - 1;
  const max = sig.variadic === 0 ? n : sig.variadic < 0 ? Infinity : n - 1 + sig.variadic;
  if (got < min || got > max) {
    const plural = (k: number) => `${k} argument${k === 1 ? '' : 's'}`;
    const count = min === max ? plural(n) : got < min ? `at least ${plural(min)}` : `at most ${plural(max)}`;
    const names = sig.args.map((t) => TYPE_NAMES[t].replace(/^an? /, ''));
    if (sig.variadic > 0) names[n - 1] = `[${names[n - 1]}${sig.variadic > 1 ? ', ...' : ''}]`;
    if (sig.variadic < 0) names[n - 1] = `${names[n - 1]}, ...`;
    return {
      span: e,
      message: `${e.name}() takes ${min === 0 && max === 0 ? 'no arguments' : `${count}: ${e.name}(${names.join(', ')})`}, got ${got}: write ${completed(c, e, sig, types, min) ?? example}`,
    };
  }
  // swapped arguments: histogram_quantile(x, 0.9), quantile_over_time(x[5m], 0.9)
  if (got === 2 && n === 2 && types[0] === sig.args[1] && types[1] === sig.args[0] && sig.args[0] !== sig.args[1]) {
    return {
      span: e,
      message: `${e.name}() takes ${TYPE_NAMES[sig.args[0]!]} first and ${TYPE_NAMES[sig.args[1]!]} second: write ${e.name}(${c.text(e.args[1]!)}, ${c.text(e.args[0]!)})`,
    };
  }
  for (let i = 0; i < got; i++) {
    const want = sig.args[Math.min(i, n - 1)]!;
    const t = types[i]!;
    if (t === want) continue;
    const a = e.args[i]!;
    const at = `${e.name}() takes ${TYPE_NAMES[want]} as its ${ORDINAL[i] ?? `#${i + 1}`} argument, got ${TYPE_NAMES[t]}`;
    return { span: a, message: `${at}${fix(c, e, i, want, t)}` };
  }
  const runtime = evaluationProblem(c, e);
  if (runtime) return runtime;
  if (e.name === 'info' && got > 1) {
    const sel = e.args[1]!;
    if (sel.kind !== 'selector')
      return {
        span: sel,
        message: 'info() takes label matchers as its second argument, like {k8s_cluster_name=~".+"}',
      };
    if (sel.name)
      return {
        span: sel,
        message: `info() takes label matchers only as its second argument, not a metric name: write {${sel.matchers.map((m) => c.text(m)).join(', ')}}`,
      };
  }
  return undefined;
}

/** ": write ..." for one argument of the wrong type, or "" when there is no sure fix. */
function fix(c: Checker, e: ExprOf<'call'>, i: number, want: ValueType, got: ValueType): string {
  const a = e.args[i]!;
  const before = c.cx.src.slice(e.from, a.from);
  const after = c.cx.src.slice(a.to, e.to);
  const write = (arg: string) => `: write ${before}${arg}${after}`;
  const core = stripModifiers(a);
  if (want === 'matrix' && got === 'vector') {
    if (core.kind === 'selector') return write(`${c.text(core)}[5m]${c.cx.src.slice(core.to, a.to)}`);
    return `; for an expression use a subquery${write(`${a.kind === 'paren' ? c.text(a) : `(${c.text(a)})`}[5m:]`)}`;
  }
  if (want === 'vector' && got === 'matrix') {
    if (core.kind === 'matrix' && core.expr.kind === 'selector')
      return `; drop the range${write(`${c.text(core.expr)}${c.cx.src.slice(core.to, a.to)}`)}, or turn it into an instant vector with rate() or *_over_time()`;
    return '';
  }
  if (want === 'vector' && got === 'scalar') return write(`vector(${c.text(a)})`);
  if (want === 'scalar' && got === 'vector') return `${write(`scalar(${c.text(a)})`)} or a number`;
  if (want === 'string') {
    const bare = a.kind === 'selector' && a.name && !a.matchers.length ? a.name : undefined;
    return bare ? `: quote it, write ${before}"${bare}"${after}` : '';
  }
  return '';
}

const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * What Prometheus checks only when it evaluates label_replace()/label_join() (promql/functions.go
 * evalLabelReplace, evalLabelJoin): the regex compiles as `^(?s:regex)$`, the label names are valid
 * (2.x: letters, digits and _; 3.x: any non-empty UTF-8). promtool check rules passes such a rule;
 * it then fails at every evaluation.
 */
function evaluationProblem(c: Checker, e: ExprOf<'call'>): { span: Span; message: string } | undefined {
  if (e.name !== 'label_replace' && e.name !== 'label_join') return undefined;
  const text = (i: number) => {
    const a = e.args[i];
    if (a?.kind !== 'string') return undefined;
    const u = unquote(a.raw);
    return u.ok ? { span: a as Span, value: u.value } : undefined;
  };
  const labels = e.name === 'label_replace' ? [1] : [1, ...e.args.slice(3).map((_, k) => k + 3)];
  for (const i of labels) {
    const l = text(i);
    if (!l) continue;
    const valid = c.cx.version === '2' ? LEGACY_LABEL.test(l.value) : l.value !== '';
    const role = i === 1 ? 'destination' : 'source';
    if (!valid)
      return {
        span: l.span,
        message: `"${l.value}" is not a valid ${role} label name for ${e.name}()${c.cx.version === '2' ? ' (Prometheus 2 label names are letters, digits and _)' : ''}: Prometheus fails the rule at every evaluation`,
      };
  }
  const re = e.name === 'label_replace' ? text(4) : undefined;
  const p = re && re2Problem(re.value, c.cx.version);
  if (re && p)
    return {
      span: re.span,
      message: `invalid regex in label_replace(): ${p.message}; Prometheus fails the rule at every evaluation`,
    };
  return undefined;
}
