import { parser } from '@prometheus-io/lezer-promql';
import type { Expr } from '../promql/ast.js';
import { parse } from '../promql/parse.js';

export interface Selector {
  metric: string;
  /** the job="..." matcher's value, if the selector has one */
  job?: string;
  /** a bucket selector's le matcher as written (le="2.5", le=~"2|2\\.0"): a bound that may not exist */
  le?: string;
}

const unquote = (s: string) =>
  s.startsWith('"') || s.startsWith("'") || s.startsWith('`') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s;

const parsed = new Map<string, Selector[]>();

/**
 * Every vector selector of an expression (metric name and job matcher), from the official grammar;
 * parsed once per expression in a run (the warnings, the tests' rule files and validate all ask).
 */
export function selectors(expr: string): Selector[] {
  let found = parsed.get(expr);
  if (!found) parsed.set(expr, (found = selectorsOf(expr)));
  return found;
}

/** The selectors of mon's syntax tree (src/promql/parse.ts, parsed once per run), in source order. */
function selectorsOfTree(e: Expr, out: Selector[]): void {
  switch (e.kind) {
    case 'selector': {
      let metric = e.name ?? '';
      let job: string | undefined;
      let le: string | undefined;
      for (const m of e.matchers) {
        if (m.quotedName || !m.value) continue;
        if (m.name === 'le' && (m.op === '=' || m.op === '=~')) le = `le${m.op}${m.value.raw}`;
        if (m.op !== '=') continue;
        if (m.name === 'job') job = unquote(m.value.raw);
        if (m.name === '__name__') metric = unquote(m.value.raw);
      }
      if (metric) out.push({ metric, ...(job === undefined ? {} : { job }), ...(le === undefined ? {} : { le }) });
      return;
    }
    case 'binary':
      selectorsOfTree(e.lhs, out);
      selectorsOfTree(e.rhs, out);
      return;
    case 'call':
    case 'aggregate':
      for (const a of e.args) selectorsOfTree(a, out);
      return;
    case 'matrix':
    case 'subquery':
    case 'offset':
    case 'at':
    case 'modifier':
    case 'unary':
    case 'paren':
      selectorsOfTree(e.expr, out);
      return;
    default:
      return;
  }
}

function selectorsOf(expr: string): Selector[] {
  let tree: ReturnType<typeof parse> | undefined;
  try {
    tree = parse(expr);
  } catch {
    tree = undefined;
  }
  if (tree?.ok && !tree.unchecked) {
    const found: Selector[] = [];
    selectorsOfTree(tree.expr, found);
    return found;
  }
  // an expression the checker refuses: the grammar's tree, errors and all
  return selectorsOfLezer(expr);
}

function selectorsOfLezer(expr: string): Selector[] {
  const out: Selector[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'VectorSelector') return undefined;
      const node = ref.node;
      const id = node.getChild('Identifier');
      let metric = id ? expr.slice(id.from, id.to) : '';
      let job: string | undefined;
      const matchers = node.getChild('LabelMatchers');
      for (let m = matchers?.firstChild; m; m = m.nextSibling) {
        const name = m.getChild('LabelName');
        const op = m.getChild('MatchOp');
        const value = m.getChild('StringLiteral');
        if (!name || !op || !value || expr.slice(op.from, op.to) !== '=') continue;
        const label = expr.slice(name.from, name.to);
        if (label === 'job') job = unquote(expr.slice(value.from, value.to));
        if (label === '__name__') metric = unquote(expr.slice(value.from, value.to));
      }
      if (metric) out.push(job === undefined ? { metric } : { metric, job });
      return false;
    },
  });
  return out;
}
