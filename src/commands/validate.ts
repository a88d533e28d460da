import { writeFile } from 'node:fs/promises';
import { ExitCode, type ToolMissingError } from '../errors.js';
import { files } from '../model/conventions.js';
import type { Target } from '../model/placement.js';
import type { Model } from '../model/types.js';
import { prepare } from '../pipeline.js';
import { runtimeOf } from '../targets/index.js';
import type { Prepared } from '../targets/types.js';
import { type CheckResult, skipped, timed } from '../report/checks.js';
import { checkAnnotations, formatAnnotation } from '../report/github.js';
import { junitXml } from '../report/junit.js';
import { DiagnosticsError } from '../spec/diagnostics.js';
import { checkConfig, checkRules } from '../tools/promtool.js';
import { printChecks } from '../ui/checks.js';
import { isJson, ui } from '../ui/output.js';
import { plural } from '../ui/text.js';
import {
  CONSISTENCY_CHECK,
  consistencyCheck,
  PROMQL_CHECK,
  promqlCheck,
  summariseRuleTests,
  toolCheck,
} from '../validate/checks.js';
import { AM_CHECKS, alertmanagerChecks } from '../validate/alertmanager.js';
import { exporterChecks } from '../validate/exporters.js';
import { runRuleTests } from '../validate/rule-tests.js';
import { ruleCheckDiagnostics } from '../validate/promtool-map.js';
import type { LoadedSpec } from '../spec/load.js';
import { withWrittenTree } from '../validate/tree.js';

export interface ValidateOptions {
  file: string;
  junit?: string;
  target?: Target;
  /** github: GitHub Actions annotations on stdout after the report */
  format?: 'text' | 'github';
}

const TOOL_CHECKS = [
  ['promtool-config', 'promtool check config'],
  ['promtool-rules', 'promtool check rules'],
  ['promtool-test', 'promtool test rules'],
] as const;

/** Every promise settled (no tool still running when the tree is removed), then the first failure thrown. */
async function settled<T extends unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const all = await Promise.allSettled(work);
  const failed = all.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return all.map((r) => (r as PromiseFulfilledResult<unknown>).value) as T;
}

/** promtool on the generated tree: config and rules at once, then the unit tests. */
async function promtoolChecks(
  loaded: LoadedSpec,
  model: Model,
  dir: string,
  missing: ToolMissingError[],
): Promise<CheckResult[]> {
  const ruleFiles = model.ruleGroups.map((g) => files.ruleFile(g.name));
  let rulesOutput = '';
  const configMissing: ToolMissingError[] = [];
  const [config, rules] = await settled<[CheckResult, CheckResult | undefined]>([
    toolCheck(...TOOL_CHECKS[0], () => checkConfig(files.prometheusConfig, dir), configMissing),
    ruleFiles.length
      ? toolCheck(
          ...TOOL_CHECKS[1],
          async () => {
            const r = await checkRules(ruleFiles, dir);
            rulesOutput = `${r.stdout}\n${r.stderr}`;
            return r;
          },
          [], // the same promtool as the config's: missing there is missing here
        )
      : Promise.resolve(undefined),
  ]);
  const checks = [config];
  missing.push(...configMissing);
  if (missing.length)
    return [...checks, ...TOOL_CHECKS.slice(1).map(([id, name]) => skipped(id, name, 'promtool is missing'))];
  if (!rules) return [...checks, ...TOOL_CHECKS.slice(1).map(([id, name]) => skipped(id, name, 'no rule files'))];
  // what promtool still finds, at the spec position of the rule it came from
  if (rules.status === 'fail' && rulesOutput) {
    const diagnostics = ruleCheckDiagnostics(loaded, model, rulesOutput);
    if (diagnostics.length) rules.diagnostics = diagnostics;
  }
  checks.push(rules);
  const started = performance.now();
  checks.push(summariseRuleTests(await runRuleTests(model, dir), Math.round(performance.now() - started)));
  return checks;
}

/**
 * The external checks, on a private copy of the generated tree; then the target's own. promtool,
 * amtool and the target's tools run at the same time (each waits on its own process); the
 * results keep their order, and a missing tool is reported in that order too.
 */
const toolChecks = async (p: Prepared, missing: ToolMissingError[]) => {
  const target = await runtimeOf(p.model.target);
  return withWrittenTree(p.artifacts, async (dir) => {
    const promtoolMissing: ToolMissingError[] = [];
    const amtoolMissing: ToolMissingError[] = [];
    const exporterMissing: ToolMissingError[] = [];
    const [prom, am, exporters, own] = await settled<[CheckResult[], CheckResult[], CheckResult[], CheckResult[]]>([
      promtoolChecks(p.loaded, p.model, dir, promtoolMissing),
      alertmanagerChecks(p.loaded, p.model, dir, amtoolMissing),
      exporterChecks(p.model, dir, exporterMissing),
      target.validate(p, dir),
    ]);
    missing.push(...promtoolMissing, ...amtoolMissing, ...exporterMissing);
    return [...prom, ...am, ...exporters, ...own];
  });
};

export interface ValidateRun {
  checks: CheckResult[];
  exit: number;
  missing: ToolMissingError[];
}

/** Every check of `mon validate`, without printing; `prepared` when the caller has loaded the spec already. */
export async function runValidate(
  opts: Omit<ValidateOptions, 'junit' | 'format'>,
  prepared?: Prepared,
): Promise<ValidateRun> {
  let p: Prepared | undefined = prepared;
  const checks: CheckResult[] = [
    await timed('spec', 'spec: YAML, schema and semantic rules', async () => {
      try {
        p ??= await prepare(opts.file, opts.target);
        const { loaded, model } = p;
        const rules = model.ruleGroups.reduce((n, g) => n + g.rules.length, 0);
        const details = [
          plural(model.services.length, 'service'),
          plural(model.jobs.length, 'scrape job'),
          plural(rules, 'rule'),
        ].join(', ');
        return { status: 'pass', details, diagnostics: loaded.warnings };
      } catch (e) {
        if (e instanceof DiagnosticsError)
          return {
            status: 'fail',
            details: e.message.replace(/; nothing was written$/, ''),
            diagnostics: e.diagnostics,
          };
        throw e;
      }
    }),
  ];
  const missing: ToolMissingError[] = [];
  if (p) {
    checks.push(await promqlCheck(p.loaded, p.model, p.artifacts), await consistencyCheck(p.model, p.artifacts));
    checks.push(...(await toolChecks(p, missing)));
  } else {
    for (const [id, name] of [PROMQL_CHECK, CONSISTENCY_CHECK, ...TOOL_CHECKS, ...AM_CHECKS])
      checks.push(skipped(id, name, 'the spec has errors'));
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
  if (opts.format === 'github' && !isJson())
    for (const a of checkAnnotations(checks, opts.file)) ui.result(formatAnnotation(a));
  for (const m of missing.slice(0, 1)) ui.error(m.message, m.hint);
  return exit;
}
