import { writeFile } from 'node:fs/promises';
import { ExitCode } from '../errors.js';
import { loadModel, render } from '../pipeline.js';
import { junitXml, type Suite } from '../report/junit.js';
import { requirePromtool } from '../tools/promtool.js';
import { printRuleTests } from '../ui/checks.js';
import { isJson, ui } from '../ui/output.js';
import { runRuleTests } from '../validate/rule-tests.js';
import { withWrittenTree } from '../validate/tree.js';

export interface TestOptions {
  file: string;
  junit?: string;
}

/** `mon test`: promtool unit tests of every rule, reported per rule and per group. */
export async function test(opts: TestOptions): Promise<number> {
  const { loaded, model } = await loadModel(opts.file);
  ui.diagnostics(loaded.warnings);
  requirePromtool(); // a missing promtool is the "tool missing" exit, before any work
  const results = await ui.spin('running promtool test rules', async () =>
    withWrittenTree(await render(loaded, model), (dir) => runRuleTests(model, dir)),
  );
  const suites: Suite[] = model.ruleGroups.map((g) => ({
    name: g.name,
    checks: results.filter((r) => r.id.startsWith(`${g.name}/`)),
  }));
  const failed = results.filter((r) => r.status === 'fail').length;
  const exit = failed ? ExitCode.invalid : ExitCode.ok;
  if (opts.junit) await writeFile(opts.junit, junitXml(suites));
  if (isJson()) {
    ui.json({
      ok: exit === 0,
      command: 'test',
      file: opts.file,
      exitCode: exit,
      groups: suites.map((s) => ({
        name: s.name,
        rules: s.checks.map((c) => ({
          rule: c.id.slice(s.name.length + 1),
          status: c.status,
          durationMs: c.durationMs,
          details: c.details,
        })),
      })),
    });
  } else printRuleTests(suites);
  return exit;
}
