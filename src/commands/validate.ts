import { writeFile } from 'node:fs/promises';
import type { Artifact } from '../artifacts/types.js';
import { ExitCode, type ToolMissingError } from '../errors.js';
import { files } from '../model/conventions.js';
import type { Target } from '../model/placement.js';
import type { Model } from '../model/types.js';
import { loadModel, render } from '../pipeline.js';
import { type CheckResult, skipped, timed } from '../report/checks.js';
import { junitXml } from '../report/junit.js';
import { DiagnosticsError } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { checkConfig, checkRules } from '../tools/promtool.js';
import { printChecks } from '../ui/checks.js';
import { isJson, ui } from '../ui/output.js';
import { plural } from '../ui/text.js';
import { CONSISTENCY_CHECK, consistencyCheck, PROMQL_CHECK, promqlCheck, summariseRuleTests, toolCheck } from '../validate/checks.js';
import { AM_CHECKS, alertmanagerChecks } from '../validate/alertmanager.js';
import { composeChecks } from '../validate/compose.js';
import { runRuleTests } from '../validate/rule-tests.js';
import { withWrittenTree } from '../validate/tree.js';

export interface ValidateOptions {
  file: string;
  junit?: string;
  target?: Target;
}

const TOOL_CHECKS = [
  ['promtool-config', 'promtool check config'],
  ['promtool-rules', 'promtool check rules'],
  ['promtool-test', 'promtool test rules'],
] as const;

/** promtool on the generated tree: config, rules, unit tests. */
async function promtoolChecks(model: Model, dir: string, missing: ToolMissingError[]): Promise<CheckResult[]> {
  const checks = [await toolCheck(...TOOL_CHECKS[0], () => checkConfig(files.prometheusConfig, dir), missing)];
  if (missing.length) return [...checks, ...TOOL_CHECKS.slice(1).map(([id, name]) => skipped(id, name, 'promtool is missing'))];
  const ruleFiles = model.ruleGroups.map((g) => files.ruleFile(g.name));
  if (!ruleFiles.length) return [...checks, ...TOOL_CHECKS.slice(1).map(([id, name]) => skipped(id, name, 'no rule files'))];
  checks.push(await toolCheck(...TOOL_CHECKS[1], () => checkRules(ruleFiles, dir), missing));
  const started = performance.now();
  checks.push(summariseRuleTests(await runRuleTests(model, dir), Math.round(performance.now() - started)));
  return checks;
}

/** The external checks, on a private copy of the generated tree. */
const toolChecks = (loaded: LoadedSpec, model: Model, artifacts: Artifact[], missing: ToolMissingError[]) =>
  withWrittenTree(artifacts, async (dir) => [
    ...(await promtoolChecks(model, dir, missing)),
    ...(await alertmanagerChecks(loaded, model, dir, missing)),
    ...(model.target === 'compose' ? await composeChecks(model, artifacts, dir) : []),
  ]);

export interface ValidateRun {
  checks: CheckResult[];
  exit: number;
  missing: ToolMissingError[];
}

/** Every check of `mon validate`, without printing. */
export async function runValidate(opts: Omit<ValidateOptions, 'junit'>): Promise<ValidateRun> {
  let loaded: LoadedSpec | undefined;
  let model: Model | undefined;
  const checks: CheckResult[] = [
    await timed('spec', 'spec: YAML, schema and semantic rules', async () => {
      try {
        ({ loaded, model } = await loadModel(opts.file, opts.target));
        const rules = model.ruleGroups.reduce((n, g) => n + g.rules.length, 0);
        const details = [plural(model.services.length, 'service'), plural(model.jobs.length, 'scrape job'), plural(rules, 'rule')].join(', ');
        return { status: 'pass', details, diagnostics: loaded.warnings };
      } catch (e) {
        if (e instanceof DiagnosticsError) return { status: 'fail', details: e.message.replace(/; nothing was written$/, ''), diagnostics: e.diagnostics };
        throw e;
      }
    }),
  ];
  const missing: ToolMissingError[] = [];
  if (loaded && model) {
    const artifacts = await render(loaded, model);
    checks.push(await promqlCheck(loaded, model, artifacts), await consistencyCheck(model, artifacts));
    checks.push(...(await toolChecks(loaded, model, artifacts, missing)));
  } else {
    for (const [id, name] of [PROMQL_CHECK, CONSISTENCY_CHECK, ...TOOL_CHECKS, ...AM_CHECKS]) checks.push(skipped(id, name, 'the spec has errors'));
  }

  // A failure of the spec outranks a missing tool; a missing tool outranks nothing.
  const failed = checks.filter((c) => c.status === 'fail').length;
  const exit = failed === 0 ? ExitCode.ok : failed === missing.length ? ExitCode.toolMissing : ExitCode.invalid;
  return { checks, exit, missing };
}

export async function validate(opts: ValidateOptions): Promise<number> {
  const { checks, exit, missing } = await runValidate(opts);
  if (opts.junit) await writeFile(opts.junit, junitXml([{ name: 'mon validate', checks }]));
  if (isJson()) ui.json({ ok: exit === 0, command: 'validate', file: opts.file, exitCode: exit, checks });
  else printChecks(checks);
  for (const m of missing.slice(0, 1)) ui.error(m.message, m.hint);
  return exit;
}
