import type { ExprOf, Span, ValueType } from './ast.js';
import type { Checker } from './check.js';
import { ORDINAL, stripModifiers, TYPE_NAMES } from './describe.js';
import type { FunctionSig } from './functions.js';
import { usage } from './functions.js';

/**
 * Argument count and types of a call (checkAST's *Call case), with the call to write instead:
 * a range added to a selector (`rate(x)` -> `rate(x[5m])`), a subquery for an expression,
 * arguments in the right order, quotes around a label name.
 */
export function argumentProblem(c: Checker, e: ExprOf<'call'>, sig: FunctionSig, types: ValueType[]): { span: Span; message: string } | undefined {
  const n = sig.args.length;
  const got = e.args.length;
  const first = e.args[0] ? c.text(stripModifiers(e.args[0]).kind === 'matrix' ? (stripModifiers(e.args[0]) as ExprOf<'matrix'>).expr : e.args[0]) : undefined;
  const example = usage(e.name, first && /^[A-Za-z_:][\w:]*(\{.*\})?$/.test(first) ? first : undefined);
  const min = sig.variadic === 0 ? n : n - 1;
  const max = sig.variadic === 0 ? n : sig.variadic < 0 ? Infinity : n - 1 + sig.variadic;
  if (got < min || got > max) {
    const plural = (k: number) => `${k} argument${k === 1 ? '' : 's'}`;
    const count = min === max ? plural(n) : got < min ? `at least ${plural(min)}` : `at most ${plural(max)}`;
    const names = sig.args.map((t) => TYPE_NAMES[t].replace(/^an? /, ''));
    if (sig.variadic > 0) names[n - 1] = `[${names[n - 1]}${sig.variadic > 1 ? ', ...' : ''}]`;
    if (sig.variadic < 0) names[n - 1] = `${names[n - 1]}, ...`;
    return { span: e, message: `${e.name}() takes ${min === 0 && max === 0 ? 'no arguments' : `${count}: ${e.name}(${names.join(', ')})`}, got ${got}: write ${example}` };
  }
  // swapped arguments: histogram_quantile(x, 0.9), quantile_over_time(x[5m], 0.9)
  if (got === 2 && n === 2 && types[0] === sig.args[1] && types[1] === sig.args[0] && sig.args[0] !== sig.args[1]) {
    return { span: e, message: `${e.name}() takes ${TYPE_NAMES[sig.args[0]!]} first and ${TYPE_NAMES[sig.args[1]!]} second: write ${e.name}(${c.text(e.args[1]!)}, ${c.text(e.args[0]!)})` };
  }
  for (let i = 0; i < got; i++) {
    const want = sig.args[Math.min(i, n - 1)]!;
    const t = types[i]!;
    if (t === want) continue;
    const a = e.args[i]!;
    const at = `${e.name}() takes ${TYPE_NAMES[want]} as its ${ORDINAL[i] ?? `#${i + 1}`} argument, got ${TYPE_NAMES[t]}`;
    return { span: a, message: `${at}${fix(c, e, i, want, t)}` };
  }
  if (e.name === 'info' && got > 1) {
    const sel = e.args[1]!;
    if (sel.kind !== 'selector') return { span: sel, message: 'info() takes label matchers as its second argument, like {k8s_cluster_name=~".+"}' };
    if (sel.name) return { span: sel, message: `info() takes label matchers only as its second argument, not a metric name: write {${sel.matchers.map((m) => c.text(m)).join(', ')}}` };
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
    if (core.kind === 'matrix' && core.expr.kind === 'selector') return `; drop the range${write(`${c.text(core.expr)}${c.cx.src.slice(core.to, a.to)}`)}, or turn it into an instant vector with rate() or *_over_time()`;
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

