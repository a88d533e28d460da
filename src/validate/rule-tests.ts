import { files } from '../model/conventions.js';
import { type Model, ruleName } from '../model/types.js';
import type { CheckResult } from '../report/checks.js';
import { testRules } from '../tools/promtool.js';
import { mapLimit } from '../util/concurrency.js';
import { casesOfRule } from './promtool-map.js';

/** promtool's failure report names each failed test (`name: <test>,`); ours start with the rule. */
function failedTests(output: string): string[] {
  return [...output.matchAll(/^\s*name: (.*),\s*$/gm)].map((m) => m[1]!);
}

/**
 * Runs `promtool test rules` on every group's test file under `dir` (the written output) and
 * reports one result per rule: pass, fail (with the failing cases and promtool's words), or
 * skip when the rule has no test. Ids are `<group>/<rule>`.
 */
export async function runRuleTests(model: Model, dir: string): Promise<CheckResult[]> {
  const groups = model.ruleGroups.filter((g) => g.rules.some((r) => r.tests.length));
  const runs = await mapLimit(groups, 2, async (g) => ({
    group: g,
    run: await testRules([files.ruleTestFile(g.name)], dir),
  }));
  const byGroup = new Map(runs.map((r) => [r.group.name, r.run]));
  const results: CheckResult[] = [];
  for (const g of model.ruleGroups) {
    const run = byGroup.get(g.name);
    const failed = run && !run.ok ? failedTests(`${run.stdout}\n${run.stderr}`) : [];
    const perRule = run ? Math.round(run.durationMs / Math.max(1, g.rules.length)) : 0;
    for (const r of g.rules) {
      const name = ruleName(r);
      const id = `${g.name}/${name}`;
      if (!r.tests.length) {
        results.push({
          id,
          name: `${name} (${g.name})`,
          status: 'skip',
          durationMs: 0,
          details: 'no test: add a `test:` block to the rule',
        });
        continue;
      }
      const output = run ? `${run.stdout}\n${run.stderr}` : '';
      const mine = failed.filter((t) => t.startsWith(`${name}: `));
      const cases = run && !run.ok ? casesOfRule(output, r) : [];
      const anyCase = run && !run.ok && /^ {4}(name|alertname|expr): /m.test(output);
      // promtool failed without naming cases (e.g. a broken file): every rule of the group fails, with its words
      const fails = run && !run.ok && (mine.length > 0 || cases.length > 0 || !anyCase);
      results.push({
        id,
        name: `${name} (${g.name})`,
        status: fails ? 'fail' : 'pass',
        durationMs: perRule,
        details: fails
          ? [
              `promtool test rules ${files.ruleTestFile(g.name)} failed${mine.length ? `: ${mine.join('; ')}` : ''}`,
              // this rule's failed cases only, once; promtool's whole output when it named none
              cases.length ? cases.join('\n') : output.trim(),
            ].join('\n')
          : `${r.tests.length} ${r.tests.length === 1 ? 'test' : 'tests'} passed`,
      });
    }
  }
  return results;
}
