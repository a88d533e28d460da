import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importConfigs } from '../../src/import/index.js';
import { files as outFiles } from '../../src/model/conventions.js';
import { prepare } from '../../src/pipeline.js';
import { findBinary } from '../../src/tools/binaries.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { corpusDir, corpusRuleFiles, promtoolCheckTexts, unreadable } from '../helpers/rule-corpus.js';
import { freePort } from '../helpers/stack.js';

/**
 * Real Prometheus as the oracle of `mon import`'s round trip: one Prometheus 3.16 loads every input
 * rule file and every rule file `mon generate` wrote from its import, and its /api/v1/rules must show
 * the same groups (name, interval, limit, query offset) with the same rules in the same order
 * (query as Prometheus's parser prints it, for, keep_firing_for, labels, annotations; the API shows
 * no query offset: that one the exact comparison of test/helpers/roundtrip.ts covers). The inputs:
 * seed 003's rules, prometheus-operator's example PrometheusRules, the Prometheus module's rule
 * fixtures and the real rule corpus, each file that promtool 3.16 accepts.
 */
function goModule(module: string): string {
  const go = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  const cache =
    process.env.GOMODCACHE || (go.status === 0 ? go.stdout.trim() : '') || join(homedir(), 'go', 'pkg', 'mod');
  const dir = join(cache, module);
  if (!existsSync(dir))
    throw new Error(`${dir} is missing: run \`bash scripts/build-go-tools.sh\` (it downloads ${module})`);
  return dir;
}

type Json = Record<string, unknown>;
interface ApiGroup {
  name: string;
  file: string;
  interval: number;
  limit?: number;
  queryOffset?: number;
  rules: Json[];
}

/** A group of the API without what changes at run time (health, evaluation times, alerts). */
const RUNTIME = new Set(['health', 'lastError', 'evaluationTime', 'lastEvaluation', 'state', 'alerts']);
const stable = (g: ApiGroup) => ({
  name: g.name,
  interval: g.interval,
  limit: g.limit ?? 0,
  queryOffset: g.queryOffset ?? 0,
  rules: g.rules.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !RUNTIME.has(k)))),
});

describe('mon import round trip, as real Prometheus 3.16 loads the rules', () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let child: ReturnType<typeof spawn> | undefined;
  let groups: ApiGroup[] = [];
  const cases: Array<{ name: string; input: string; genDir: string; inFile: string; renamed: Record<string, string> }> =
    [];
  const refusedByPromtool: string[] = [];

  beforeAll(async () => {
    const prometheus = findBinary('prometheus', '3.16');
    const promtool = findBinary('promtool', '3.16');
    if (!prometheus.path || !promtool.path)
      throw new Error(`Prometheus 3.16 is not installed: ${prometheus.install} (bash scripts/build-go-tools.sh)`);
    tmp = await tempDir('mon-import-oracle-');
    const operator = goModule('github.com/prometheus-operator/prometheus-operator@v0.85.0');
    const prom = goModule('github.com/prometheus/prometheus@v0.316.0');
    const inputs: Array<[string, string]> = [
      ['seed-003/alert_rules.yml', join(ROOT, 'test/fixtures/import/seed-003/alert_rules.yml')],
      ['seed-003/prometheusrule.yaml', join(ROOT, 'test/fixtures/import/seed-003/prometheusrule.yaml')],
      ...['example/user-guides/alerting/prometheus-example-rules.yaml', 'example/thanos/prometheus-rule.yaml'].map(
        (p): [string, string] => [`prometheus-operator/${p}`, join(operator, p)],
      ),
      ...readdirSync(join(prom, 'rules/fixtures'))
        .filter((f) => f.endsWith('.yaml') && !f.includes('invalid'))
        .map((f): [string, string] => [`prometheus/rules/fixtures/${f}`, join(prom, 'rules/fixtures', f)]),
      ['prometheus/cmd/promtool/testdata/rules.yml', join(prom, 'cmd/promtool/testdata/rules.yml')],
      ...corpusRuleFiles().map((f): [string, string] => [`corpus/${f.name}`, f.path]),
      // the files the yaml package cannot read as they are (a quoted scalar continued at its key's indentation)
      ...unreadable.map((u): [string, string] => [`corpus/${u.name}`, join(corpusDir(), u.name)]),
    ];
    const ruleFiles: string[] = [];
    for (const [i, [name, input]] of inputs.entries()) {
      const result = await importConfigs([input]);
      // Prometheus reads rule files: a PrometheusRule's groups are written out as one
      const inFile = join(tmp.path, 'in', `${i}.yml`);
      await mkdir(join(tmp.path, 'in'), { recursive: true });
      if (result.inputs[0]!.kind === 'prometheusrule') {
        const { parseAllDocuments, stringify } = await import('yaml');
        const groups = parseAllDocuments(readFileSync(input, 'utf8')).flatMap((d) => {
          const o = d.toJS() as Json;
          return o?.kind === 'PrometheusRule' ? ((o.spec as Json).groups as unknown[]) : [];
        });
        await writeFile(inFile, stringify({ groups }));
      } else if (name.startsWith('corpus/'))
        // vmalert's group concurrency, which Prometheus refuses (and the import reports): the rest as it is
        await writeFile(inFile, readFileSync(input, 'utf8').replace(/^\s+concurrency:.*\n/gm, ''));
      else await copyFile(input, inFile);
      if (!promtoolCheckTexts(promtool.path, [readFileSync(inFile, 'utf8')])[0]!.ok) {
        refusedByPromtool.push(name);
        continue;
      }
      const specDir = join(tmp.path, 'spec', String(i));
      await mkdir(specDir, { recursive: true });
      await writeFile(join(specDir, 'monitoring.yaml'), result.yaml);
      const p = await prepare(join(specDir, 'monitoring.yaml'), 'local');
      const genDir = join(tmp.path, 'gen', String(i));
      await mkdir(genDir, { recursive: true });
      for (const g of p.model.ruleGroups) {
        const art = p.artifacts.find((a) => a.path === outFiles.ruleFile(g.name))!;
        await writeFile(join(genDir, art.path.split('/').at(-1)!), art.content);
      }
      ruleFiles.push(inFile, join(genDir, '*.yml'));
      cases.push({ name, input, genDir, inFile, renamed: result.groups });
    }
    const port = await freePort();
    const config = join(tmp.path, 'prometheus.yml');
    await writeFile(
      config,
      `global: {evaluation_interval: 1m}\nrule_files:\n${ruleFiles.map((f) => `  - ${f}\n`).join('')}`,
    );
    child = spawn(
      prometheus.path,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(tmp.path, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`Prometheus exited with ${child.exitCode}:\n${stderr.slice(-3000)}`);
      const ok = await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 600) throw new Error(`Prometheus was not ready on ${url} after 30s:\n${stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const body = (await (await fetch(`${url}/api/v1/rules`)).json()) as { data: { groups: ApiGroup[] } };
    groups = body.data.groups;
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await tmp?.cleanup();
  });

  it('loads every input and every generated group: the same groups, rules and order, exactly', () => {
    let rules = 0;
    const differences: string[] = [];
    for (const c of cases) {
      const input = groups.filter((g) => g.file === c.inFile);
      const generated = groups.filter((g) => g.file.startsWith(`${c.genDir}/`));
      expect(input.length, c.name).toBeGreaterThan(0);
      const byName = new Map(generated.map((g) => [g.name, g]));
      for (const g of input) {
        rules += g.rules.length;
        const out = byName.get(c.renamed[g.name] ?? g.name);
        const a = JSON.stringify(stable(g));
        const b = out && JSON.stringify({ ...stable(out), name: g.name });
        if (a !== b) differences.push(`${c.name} ${g.name}: input ${a}\n  generated ${b}`);
      }
      expect(generated.length, c.name).toBe(input.length);
    }
    expect(differences).toEqual([]);
    // the figures: every input file promtool accepts, every group and rule of it; vmanomaly's file has two
    // MetricsQL rules (lag(), sum of a range vector) that Prometheus refuses, so it cannot be loaded as it is
    expect({
      files: cases.length,
      groups: cases.reduce((n, c) => n + groups.filter((g) => g.file === c.inFile).length, 0),
      rules,
      refusedByPromtool,
    }).toEqual({
      files: 30,
      groups: 46,
      rules: 228,
      refusedByPromtool: ['corpus/victoriametrics/alerts-vmanomaly.yml'],
    });
  });
});
