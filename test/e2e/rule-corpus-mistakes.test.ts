import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/spec/diagnostics.js';
import { SpecDocument } from '../../src/spec/document.js';
import { mon, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { promtoolOf } from '../helpers/promtool-oracle.js';
import {
  type CorpusGroup,
  type CorpusRule,
  corpusRuleFiles,
  promtoolCheckTexts,
  ruleFileText,
  specGroup,
  specWithGroups,
} from '../helpers/rule-corpus.js';

/**
 * The mistake classes injected into the real rules of the corpus (scripts/fetch-rule-corpus.sh).
 * A mutated rule that the line's promtool refuses must be named by mon at the spec line of the
 * field it broke, with the class's exact message; one promtool accepts must pass mon too. Each
 * class is one spec of all its mutated rules: one pass names them all.
 */
interface Mistake {
  name: string;
  /** the mutated rule, or undefined where the class does not apply to this rule */
  mutate(r: CorpusRule): CorpusRule | undefined;
  /** the spec field that carries the mistake */
  field: 'expr' | 'for' | 'record' | 'annotations';
  /** mon's exact message for the mutated rule */
  message(r: CorpusRule, original: CorpusRule): string;
}

const RATE = /\b(rate|increase|irate)\((\w+(?:\{[^{}]*\})?)\[(\w+)\]\)/;
const REGEX = /(\w+)=~"([^"]*)"/;
const withExpr = (r: CorpusRule, expr: string | undefined) =>
  expr === undefined || expr === r.expr ? undefined : { ...r, expr };
const flat = (e: string) => e.trim();
/** The text from `open` (an index just past a `(`) to its closing parenthesis. */
function inside(text: string, open: number): string {
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return text.slice(open, i).trim();
  }
  return text.slice(open);
}
const HQ = /histogram_quantile\(\s*[0-9.]+\s*,\s*/;
const SUM = /\bsum(\s*(?:by|without)\s*\([^)]*\))?\s*\(/;

const MISTAKES: Mistake[] = [
  {
    name: 'rate(x) without a range',
    field: 'expr',
    mutate: (r) => withExpr(r, RATE.test(r.expr) ? r.expr.replace(RATE, '$1($2)') : undefined),
    message: (_r, o) => {
      const m = RATE.exec(o.expr)!;
      return `${m[1]}() takes a range vector as its first argument, got an instant vector: write ${m[1]}(${m[2]}[5m])`;
    },
  },
  {
    name: 'offset after a function call',
    field: 'expr',
    mutate: (r) => withExpr(r, RATE.test(r.expr) ? r.expr.replace(RATE, (m) => `${m} offset 5m`) : undefined),
    message: (_r, o) => {
      const m = RATE.exec(o.expr)!;
      return `offset applies to a selector or a subquery, not to ${m[1]}(...): write ${m[1]}(${m[2]}[${m[3]}] offset 5m)`;
    },
  },
  {
    name: 'a range of an expression instead of a subquery',
    field: 'expr',
    mutate: (r) => (r.alert ? withExpr(r, `max_over_time((${flat(r.expr)})[5m])`) : undefined),
    message: (_r, o) =>
      `a range [5m] applies only to a metric selector; for an expression use a subquery: write (${flat(o.expr)})[5m:]`,
  },
  {
    name: 'x or 0',
    field: 'expr',
    mutate: (r) => withExpr(r, `(${flat(r.expr)}) or 0`),
    message: (_r, o) =>
      `"or" needs instant vectors on both sides; the right side is a scalar: write (${flat(o.expr)}) or vector(0)`,
  },
  {
    name: "histogram_quantile's dropped first argument",
    field: 'expr',
    mutate: (r) => withExpr(r, r.expr.replace(HQ, 'histogram_quantile(')),
    message: (r) => {
      const at = r.expr.indexOf('histogram_quantile(') + 'histogram_quantile('.length;
      return `histogram_quantile() takes 2 arguments: histogram_quantile(scalar, instant vector), got 1: write histogram_quantile(0.9, ${inside(r.expr, at)})`;
    },
  },
  {
    name: '1 == 1 as an alert',
    field: 'expr',
    mutate: (r) => (r.alert ? { ...r, expr: '1 == 1' } : undefined),
    message: () => 'a comparison between two scalars needs bool (it returns 0 or 1): write 1 == bool 1',
  },
  {
    name: 'count_values with a number for its label',
    field: 'expr',
    mutate: (r) => withExpr(r, r.expr.replace(SUM, 'count_values$1(5, ')),
    message: (r) => {
      const at = r.expr.indexOf('(5, ') + 4;
      return `count_values() takes the output label's name (a string) first, got a scalar: write count_values("value", ${inside(r.expr, at)})`;
    },
  },
  {
    name: 'an invalid regex in a matcher',
    field: 'expr',
    mutate: (r) => withExpr(r, r.expr.replace(/=~"/, '=~"(')),
    message: (r) => {
      const m = REGEX.exec(r.expr)!;
      return `invalid regex in ${m[1]}=~"${m[2]}": missing closing ) in the regex`;
    },
  },
  {
    name: 'label_replace with 4 arguments',
    field: 'expr',
    mutate: (r) => withExpr(r, `label_replace(${flat(r.expr)}, "dst", "$1", "src")`),
    message: (_r, o) =>
      `label_replace() takes 5 arguments: label_replace(instant vector, string, string, string, string), got 4: write label_replace(${flat(o.expr)}, "dst", "$1", "src", "(.*)")`,
  },
  {
    name: 'a misspelt function',
    field: 'expr',
    mutate: (r) => withExpr(r, RATE.test(r.expr) ? r.expr.replace(RATE, 'rates($2[$3])') : undefined),
    message: () => 'unknown function rates(): did you mean rate()?',
  },
  {
    name: 'an unclosed parenthesis',
    field: 'expr',
    mutate: (r) => withExpr(r, r.expr.includes(')') ? `(${flat(r.expr)}` : undefined),
    message: () => 'invalid PromQL: unexpected end of expression',
  },
  {
    name: 'a duration in words',
    field: 'for',
    mutate: (r) => (r.alert ? { ...r, for: '5 minutes' } : undefined),
    message: () => 'must be a duration like 0, 30s, 5m or 1h30m (units y w d h m s ms, largest first), got "5 minutes"',
  },
  {
    name: 'an unclosed template in an annotation',
    field: 'annotations',
    mutate: (r) =>
      r.alert ? { ...r, annotations: { ...r.annotations, summary: 'on {{ $labels.instance }' } } : undefined,
    message: () => 'invalid template: unclosed action: "{{" without "}}"',
  },
];

const CAP = 40;
let work: { path: string; cleanup: () => Promise<void> };
let groups: CorpusGroup[];
beforeAll(async () => {
  work = await tempDir('mon-mistakes-');
  groups = corpusRuleFiles().flatMap((f) => f.groups);
});
const totals = { '2': { refused: 0, named: 0 }, '3': { refused: 0, named: 0 } };
afterAll(async () => {
  for (const [v, t] of Object.entries(totals))
    if (t.refused)
      console.log(
        `mistakes on Prometheus ${v}.x: ${t.named} of ${t.refused} caught (${((100 * t.named) / t.refused).toFixed(1)}%)`,
      );
  await work.cleanup();
});

describe.each(LINES)('mistakes injected into real rules, on $name', (line) => {
  const major = line.prometheus.startsWith('2') ? '2' : '3';
  it.each(MISTAKES)('$name', async (m) => {
    requireLine(line);
    const bin = promtoolOf(major);
    // the corpus's rules that promtool accepts as they are, mutated
    const cases: Array<{ group: CorpusGroup; original: CorpusRule; rule: CorpusRule }> = [];
    for (const g of groups)
      for (const r of g.rules) {
        const rule = m.mutate(r);
        if (rule && cases.length < CAP) cases.push({ group: g, original: r, rule });
      }
    expect(cases.length).toBeGreaterThan(0);
    const before = promtoolCheckTexts(
      bin,
      cases.map((c) => ruleFileText([{ ...c.group, rules: [c.original] }])),
    );
    const kept = cases.filter((_, i) => before[i]!.ok);
    const after = promtoolCheckTexts(
      bin,
      kept.map((c) => ruleFileText([{ ...c.group, rules: [c.rule] }])),
    );
    const text = specWithGroups(kept.map((c, i) => specGroup({ ...c.group, name: `g${i}`, rules: [c.rule] })));
    const spec = join(work.path, `${major}.yaml`);
    await writeFile(spec, text);
    const lines = new LineCounter();
    const doc = new SpecDocument(parseDocument(text, { lineCounter: lines }), lines, text);
    const r = await mon(['generate', '--dry-run', '--json', '-f', spec], { env: line.env });
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
    let refused = 0;
    let named = 0;
    kept.forEach((c, i) => {
      const field = m.field === 'annotations' ? ['annotations', 'summary'] : [m.field];
      const node = doc.node(['alerts', 'groups', i, 'rules', 0, ...field])!;
      const [from, to] = [doc.at(node.range![0]).line, doc.at(node.range![1]).line];
      const mine = diagnostics.filter(
        (d) => d.severity === 'error' && d.path?.startsWith(`alerts.groups[${i}].rules[0].`),
      );
      if (after[i]!.ok) {
        expect(mine, `promtool accepts ${c.rule.expr}`).toEqual([]);
        return;
      }
      refused++;
      const want = { path: `alerts.groups[${i}].rules[0].${field.join('.')}`, message: m.message(c.rule, c.original) };
      const d = mine[0];
      if (
        mine.length === 1 &&
        d!.line! >= from &&
        d!.line! <= to &&
        d!.path === want.path &&
        d!.message === want.message
      )
        named++;
      else if (named + 3 > refused) console.log(JSON.stringify({ mistake: m.name, expr: c.rule.expr, mine, want }));
    });
    totals[major].refused += refused;
    totals[major].named += named;
    console.log(
      `${m.name} on ${line.prometheus}: ${named} of ${refused} promtool-refused mutations named at the spec line with the exact message (${kept.length} real rules mutated)`,
    );
    expect(refused).toBeGreaterThan(0);
    expect(named).toBe(refused);
  });
});
