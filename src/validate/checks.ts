import { dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Artifact } from '../artifacts/types.js';
import { ToolMissingError } from '../errors.js';
import { files } from '../model/conventions.js';
import { type Model, ruleName } from '../model/types.js';
import { type CheckResult, timed } from '../report/checks.js';
import { type Diagnostic, formatPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { promqlProblems } from '../spec/promql.js';
import { promqlVersion } from '../promql/dialect.js';
import { plural } from '../ui/text.js';
import { artifactProblems } from '../consistency/artifacts.js';
import { fastRead, fastToJS } from '../spec/fast-read.js';

/** A generated file read back: mon's fast reader, the yaml package for what it leaves (same values). */
function readBack(text: string): unknown {
  const tree = fastRead(text);
  return tree ? fastToJS(tree) : parseYaml(text);
}

/** Every file the Prometheus config names (rule_files) is one that mon generates. */
function ruleFileDiagnostics(loaded: LoadedSpec, artifacts: Artifact[]): Diagnostic[] {
  const config = artifacts.find((a) => a.path === files.prometheusConfig);
  const named = ((config ? readBack(config.content) : {}) as { rule_files?: string[] }).rule_files ?? [];
  const present = new Set(artifacts.map((a) => a.path));
  return named
    .filter((f) => !present.has(`${dirname(files.prometheusConfig)}/${f}`))
    .map((f) => ({
      severity: 'error' as const,
      file: loaded.file,
      message: `${files.prometheusConfig} names rule file ${f}, which was not generated`,
    }));
}

/** Every generated expression type-checked (src/promql, on the official PromQL grammar), located in the spec. */
function promqlDiagnostics(loaded: LoadedSpec, model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  // the dialect of the Prometheus this stack runs (the binary found, or prometheus.version)
  const prometheus = promqlVersion(model.prometheus.version.major);
  for (const rule of model.ruleGroups.flatMap((g) => g.rules)) {
    for (const problem of promqlProblems(rule.expr, { prometheus, as: rule.kind })) {
      const pos = loaded.doc.position(rule.source);
      out.push({
        severity: 'error',
        file: loaded.file,
        line: pos.line,
        col: pos.col,
        path: formatPath(rule.source),
        message: `${ruleName(rule)}: ${problem.message}`,
      });
    }
  }
  return out;
}

export const PROMQL_CHECK = [
  'promql',
  'PromQL: every rule expression parses and type-checks, every rule file exists',
] as const;

export const promqlCheck = (loaded: LoadedSpec, model: Model, artifacts: Artifact[]) =>
  timed(...PROMQL_CHECK, async () => {
    const diagnostics = [...promqlDiagnostics(loaded, model), ...ruleFileDiagnostics(loaded, artifacts)];
    const n = model.ruleGroups.reduce((k, g) => k + g.rules.length, 0);
    if (diagnostics.length)
      return { status: 'fail', details: `${diagnostics.length} problems in ${plural(n, 'rule')}`, diagnostics };
    return { status: 'pass', details: `${plural(n, 'expression')} type-checked` };
  });

export type ToolRun = () => Promise<{ ok: boolean; command: string; stdout: string; stderr: string }>;

/** Runs one external check; a missing tool is a failed check that remembers why in `missing`. */
export const toolCheck = (id: string, name: string, work: ToolRun, missing: ToolMissingError[]): Promise<CheckResult> =>
  timed(id, name, async () => {
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

/** The rule tests as one check of `mon validate`. */
export function summariseRuleTests(results: CheckResult[], durationMs: number): CheckResult {
  const failed = results.filter((r) => r.status === 'fail');
  const tested = results.filter((r) => r.status !== 'skip').length;
  const untested = results.length - tested;
  const tail = untested ? `; ${plural(untested, 'rule')} without a test` : '';
  if (tested === 0)
    return {
      id: 'promtool-test',
      name: 'promtool test rules',
      status: 'skip',
      durationMs,
      details: `no rule has a test${tail}`,
    };
  if (failed.length) {
    return {
      id: 'promtool-test',
      name: 'promtool test rules',
      status: 'fail',
      durationMs,
      details: [
        `${failed.length} of ${plural(tested, 'tested rule')} failed${tail}`,
        ...failed.map((f) => f.details ?? f.id),
      ].join('\n'),
    };
  }
  return {
    id: 'promtool-test',
    name: 'promtool test rules',
    status: 'pass',
    durationMs,
    details: `${plural(tested, 'rule')} tested, all pass${tail}`,
  };
}

export const CONSISTENCY_CHECK = [
  'consistency',
  'Grafana and Tempo: datasource references, dashboards, Tempo keys, wiring',
] as const;

/** The structural and cross-component checks of the files no tool here can load. */
export const consistencyCheck = (model: Model, artifacts: Artifact[]) =>
  timed(...CONSISTENCY_CHECK, async () => {
    if (!model.grafana.enabled && !model.tempo.enabled)
      return { status: 'skip', details: 'no Grafana or Tempo in this spec' };
    const diagnostics = artifactProblems(artifacts, model);
    const boards = artifacts.filter((a) => a.path.startsWith('grafana/dashboards/')).length;
    const what = [
      model.grafana.enabled ? plural(boards, 'dashboard') : '',
      model.tempo.enabled ? 'the Tempo config' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return diagnostics.length
      ? { status: 'fail', details: `${plural(diagnostics.length, 'problem')} in ${what}`, diagnostics }
      : { status: 'pass', details: `${what} consistent` };
  });
