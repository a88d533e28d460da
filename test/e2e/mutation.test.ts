import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/spec/duration.js';
import { testRules } from '../../src/tools/promtool.js';
import { mon, ROOT, tempDir } from '../helpers/cli.js';

/**
 * The generated unit tests must catch a rule changed by hand in the output: for every alert of
 * examples/mystocks, its threshold raised and lowered by 10%, its `for` one minute longer and
 * shorter, and its severity swapped, each in a fresh copy of the rule file.
 */
let tmp: { path: string; cleanup: () => Promise<void> };
let out: string;
beforeAll(async () => {
  tmp = await tempDir();
  out = join(tmp.path, 'out');
  const r = await mon(['generate', '-f', join(ROOT, 'examples/mystocks/monitoring.yaml'), '--out', out]);
  expect(r.exitCode, r.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

interface RuleDoc {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
}
type Change = (r: RuleDoc) => boolean;
type Mutation = [what: string, change: Change];

const threshold = /(\s[<>]=?\s*)(\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/;
const scale =
  (k: number): Change =>
  (r) => {
    const m = threshold.exec(r.expr);
    if (!m) return false;
    const t = Number(m[2]);
    r.expr = r.expr.replace(threshold, `$1${t === 0 ? 100 : t * k}`);
    return true;
  };
const shift =
  (minutes: number): Change =>
  (r) => {
    const next = (parseDuration(r.for) ?? 0) + minutes * 60_000;
    if (next < 0) return false;
    r.for = formatDuration(next);
    return true;
  };
const mutations: Mutation[] = [
  ['threshold +10%', scale(1.1)],
  ['threshold -10%', scale(0.9)],
  ['for +1m', shift(1)],
  ['for -1m', shift(-1)],
  ['severity swapped', (r) => ((r.labels.severity = r.labels.severity === 'critical' ? 'warning' : 'critical'), true)],
];

describe('the generated unit tests catch hand edits of the output', async () => {
  const rulesDir = join(ROOT, 'examples/mystocks/generated/prometheus/rules');
  const groups = (await readdir(rulesDir)).map((f) => f.replace(/\.yml$/, ''));

  it('all pass unchanged (24 rules in 4 groups)', async () => {
    let rules = 0;
    for (const g of groups) {
      const text = await readFile(join(out, 'prometheus/rules', `${g}.yml`), 'utf8');
      rules += (parseDocument(text).toJS() as { groups: Array<{ rules: unknown[] }> }).groups[0]!.rules.length;
      const r = await testRules([`prometheus/tests/${g}.test.yml`], out);
      expect(r.exitCode, r.stdout).toBe(0);
    }
    expect([groups.length, rules]).toEqual([4, 24]);
  });

  for (const g of groups) {
    it(`${g}: every mutation of every rule makes promtool test rules fail`, async () => {
      const file = join(out, 'prometheus/rules', `${g}.yml`);
      const original = await readFile(file, 'utf8');
      const count = (parseDocument(original).toJS() as { groups: Array<{ rules: RuleDoc[] }> }).groups[0]!.rules.length;
      const survived: string[] = [];
      let tried = 0;
      try {
        for (let i = 0; i < count; i++) {
          for (const [what, change] of mutations) {
            const doc = parseDocument(original).toJS() as { groups: Array<{ rules: RuleDoc[] }> };
            const rule = doc.groups[0]!.rules[i]!;
            if (!change(rule)) continue;
            tried++;
            await writeFile(file, JSON.stringify(doc));
            const r = await testRules([`prometheus/tests/${g}.test.yml`], out);
            if (r.exitCode === 0) survived.push(`${rule.alert}: ${what}`);
          }
        }
      } finally {
        await writeFile(file, original);
      }
      expect(survived).toEqual([]);
      expect(tried).toBeGreaterThanOrEqual(count * 3);
    });
  }
});
