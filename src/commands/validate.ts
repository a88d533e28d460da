import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Artifact } from '../artifacts/types.js';
import { writeTree } from '../artifacts/write.js';
import { ExitCode, ToolMissingError } from '../errors.js';
import { files } from '../model/conventions.js';
import type { Model } from '../model/types.js';
import { loadModel, render } from '../pipeline.js';
import { type CheckResult, skipped, timed } from '../report/checks.js';
import { junitXml } from '../report/junit.js';
import { type Diagnostic, DiagnosticsError, formatPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { checkPromql } from '../spec/promql.js';
import { checkConfig, checkRules } from '../tools/promtool.js';
import { printChecks } from '../ui/checks.js';
import { plural } from '../ui/text.js';
import { isJson, ui } from '../ui/output.js';

export interface ValidateOptions {
  file: string;
  junit?: string;
}

/** Every file the Prometheus config names (rule_files) is one that mon generates. */
function ruleFileDiagnostics(loaded: LoadedSpec, artifacts: Artifact[]): Diagnostic[] {
  const config = artifacts.find((a) => a.path === files.prometheusConfig);
  const named = ((config ? parseYaml(config.content) : {}) as { rule_files?: string[] }).rule_files ?? [];
  const present = new Set(artifacts.map((a) => a.path));
  return named
    .filter((f) => !present.has(`${dirname(files.prometheusConfig)}/${f}`))
    .map((f) => ({ severity: 'error' as const, file: loaded.file, message: `${files.prometheusConfig} names rule file ${f}, which was not generated` }));
}

/** Every generated expression parsed with the official PromQL grammar, located in the spec. */
function promqlDiagnostics(loaded: LoadedSpec, model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const group of model.ruleGroups) {
    for (const rule of group.rules) {
      const problem = checkPromql(rule.expr);
      if (!problem) continue;
      const pos = loaded.doc.position(rule.source);
      out.push({ severity: 'error', file: loaded.file, line: pos.line, col: pos.col, path: formatPath(rule.source), message: `${rule.alert}: ${problem.message}` });
    }
  }
  return out;
}

type ToolRun = () => Promise<{ ok: boolean; command: string; stdout: string; stderr: string }>;

/** Runs one external check; a missing tool is a failed check that remembers why. */
async function toolCheck(id: string, name: string, work: ToolRun, missing: ToolMissingError[]): Promise<CheckResult> {
  return timed(id, name, async () => {
    try {
      const r = await work();
      const output = `${r.stdout}\n${r.stderr}`.trim();
      return { status: r.ok ? 'pass' : 'fail', details: r.ok ? r.command : `${r.command} failed:\n${output}` };
    } catch (e) {
      if (!(e instanceof ToolMissingError)) throw e;
      missing.push(e);
      return { status: 'fail', details: `${e.message}; ${e.hint}` };
    }
  });
}

export async function validate(opts: ValidateOptions): Promise<number> {
  const checks: CheckResult[] = [];
  let loaded: LoadedSpec | undefined;
  let model: Model | undefined;
  checks.push(
    await timed('spec', 'spec: YAML, schema and semantic rules', async () => {
      try {
        ({ loaded, model } = await loadModel(opts.file));
        const rules = model.ruleGroups.reduce((n, g) => n + g.rules.length, 0);
        const details = [plural(model.services.length, 'service'), plural(model.jobs.length, 'scrape job'), plural(rules, 'rule')].join(', ');
        return { status: 'pass', details, diagnostics: loaded.warnings };
      } catch (e) {
        if (e instanceof DiagnosticsError) return { status: 'fail', details: e.message.replace(/; nothing was written$/, ''), diagnostics: e.diagnostics };
        throw e;
      }
    }),
  );

  const missing: ToolMissingError[] = [];
  if (loaded && model) {
    const [l, m] = [loaded, model];
    const artifacts = render(l, m);
    checks.push(
      await timed('promql', 'PromQL: every rule expression parses, every rule file exists', async () => {
        const diagnostics = [...promqlDiagnostics(l, m), ...ruleFileDiagnostics(l, artifacts)];
        const n = m.ruleGroups.reduce((k, g) => k + g.rules.length, 0);
        if (diagnostics.length) return { status: 'fail', details: `${diagnostics.length} of ${plural(n, 'expression')} do not parse`, diagnostics };
        return { status: 'pass', details: `${plural(n, 'expression')} parsed` };
      }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'mon-validate-'));
    try {
      const out = join(dir, 'out');
      await writeTree(out, artifacts);
      const ruleFiles = m.ruleGroups.map((g) => files.ruleFile(g.name));
      checks.push(await toolCheck('promtool-config', 'promtool check config', () => checkConfig(files.prometheusConfig, out), missing));
      if (missing.length) checks.push(skipped('promtool-rules', 'promtool check rules', 'promtool is missing'));
      else if (ruleFiles.length === 0) checks.push(skipped('promtool-rules', 'promtool check rules', 'no rule files'));
      else checks.push(await toolCheck('promtool-rules', 'promtool check rules', () => checkRules(ruleFiles, out), missing));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else {
    for (const [id, name] of [
      ['promql', 'PromQL: every rule expression parses, every rule file exists'],
      ['promtool-config', 'promtool check config'],
      ['promtool-rules', 'promtool check rules'],
    ] as const) {
      checks.push(skipped(id, name, 'the spec has errors'));
    }
  }

  // A failure of the spec outranks a missing tool; a missing tool outranks nothing.
  const failed = checks.filter((c) => c.status === 'fail').length;
  const exit = failed === 0 ? ExitCode.ok : failed === missing.length ? ExitCode.toolMissing : ExitCode.invalid;
  if (opts.junit) await writeFile(opts.junit, junitXml('mon validate', checks));
  if (isJson()) ui.json({ ok: exit === 0, command: 'validate', file: opts.file, exitCode: exit, checks });
  else printChecks(checks);
  for (const m of missing.slice(0, 1)) ui.error(m.message, m.hint);
  return exit;
}
