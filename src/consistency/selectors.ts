import { parser } from '@prometheus-io/lezer-promql';

export interface Selector {
  metric: string;
  /** the job="..." matcher's value, if the selector has one */
  job?: string;
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

function selectorsOf(expr: string): Selector[] {
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
