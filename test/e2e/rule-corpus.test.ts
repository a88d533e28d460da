import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { promtoolOf } from '../helpers/promtool-oracle.js';
import {
  type CorpusFile,
  type CorpusGroup,
  corpusRuleFiles,
  promtoolCheckTexts,
  ruleFileText,
  specGroup,
  specWithGroups,
  unreadable,
} from '../helpers/rule-corpus.js';

/**
 * Real public rule files (scripts/fetch-rule-corpus.sh: Thanos, VictoriaMetrics, Jaeger and the
 * Prometheus Operator, Apache-2.0, from the Go module proxy) as `alerts.groups`, through mon's
 * spec -> generate -> validate path on both version lines: what that line's promtool accepts, mon
 * accepts (no false error) and generates with every group setting and rule field kept; what it
 * refuses, mon refuses at the rule's line.
 */
let work: { path: string; cleanup: () => Promise<void> };
let files: CorpusFile[];
beforeAll(async () => {
  work = await tempDir('mon-corpus-');
  files = corpusRuleFiles();
});
afterAll(() => work.cleanup());

/** A group as Prometheus evaluates it: key order, absent keys and the expression's outer whitespace aside. */
const normalised = (g: CorpusGroup) =>
  JSON.parse(
    JSON.stringify(g, (k, v: unknown) => (k === 'expr' && typeof v === 'string' ? v.trim() : (v ?? undefined))),
  ) as unknown;

describe.each(LINES)('the real-world rule corpus on $name', (line) => {
  const major = line.prometheus.startsWith('2') ? '2' : '3';

  it("passes mon validate where that line's promtool accepts the file, every group and rule kept", async () => {
    requireLine(line);
    const oracle = promtoolCheckTexts(
      promtoolOf(major),
      files.map((f) => ruleFileText(f.groups)),
    );
    const valid = files.filter((_, i) => oracle[i]!.ok);
    const groups = valid.flatMap((f) => f.groups);
    const rules = groups.reduce((n, g) => n + g.rules.length, 0);
    expect(valid.length).toBeGreaterThanOrEqual(9);
    const dir = join(work.path, `valid-${major}`);
    const spec = join(work.path, `valid-${major}.yaml`);
    await writeFile(spec, specWithGroups(groups.map(specGroup)));
    const g = await mon(['generate', '-f', spec, '-o', dir], { env: line.env });
    expect(g.exitCode, g.stderr).toBe(0);
    const r = await mon(['validate', '-f', spec], { env: line.env, cwd: work.path });
    expect(r.stderr).not.toMatch(/: (?!warning)[^\n]*error|FAIL/);
    expect(r.exitCode, r.stderr).toBe(0);
    // every group, with its name, interval, limit, query_offset and rules, is in the generated files
    const written: CorpusGroup[] = [];
    for (const f of (await readdir(join(dir, 'prometheus/rules'))).sort())
      written.push(
        ...(parse(await readFile(join(dir, 'prometheus/rules', f), 'utf8')) as { groups: CorpusGroup[] }).groups,
      );
    const byName = new Map(written.map((g) => [g.name, g]));
    for (const g of groups) expect(normalised(byName.get(g.name)!), g.name).toEqual(normalised(g));
    console.log(`corpus: ${unreadable.map((u) => `${u.name} not read (${u.reason})`).join('; ')}`);
    console.log(
      `corpus on ${line.name}: ${valid.length} of ${files.length} files, ${groups.length} groups, ${rules} rules pass mon validate`,
    );
  });

  it("refuses, at the rule's line, each rule of the files that line's promtool refuses", async () => {
    const bin = promtoolOf(major);
    const refused = files.filter((f) => !promtoolCheckTexts(bin, [ruleFileText(f.groups)])[0]!.ok);
    for (const f of refused) {
      // the failing rules, one file each, as promtool sees them
      const singles = f.groups.flatMap((g, i) =>
        g.rules.map((r, j) => ({ i, j, text: ruleFileText([{ ...g, rules: [r] }]) })),
      );
      const verdicts = promtoolCheckTexts(
        bin,
        singles.map((s) => s.text),
      );
      const bad = singles.filter((_, k) => !verdicts[k]!.ok);
      expect(bad.length, f.name).toBeGreaterThan(0);
      const spec = join(work.path, `refused-${major}.yaml`);
      const text = specWithGroups(f.groups.map(specGroup));
      await writeFile(spec, text);
      const r = await mon(['generate', '--dry-run', '-f', spec], { env: line.env });
      expect(r.exitCode).toBe(1);
      for (const b of bad)
        expect(r.stderr, `${f.name} group ${b.i} rule ${b.j}`).toContain(`alerts.groups[${b.i}].rules[${b.j}].expr: `);
      const errors = r.stderr.split('\n').filter((l) => /^\S+:\d+:\d+ \S+: (?!warning)/.test(l));
      expect(errors.length, r.stderr).toBe(bad.length);
    }
  });
});
