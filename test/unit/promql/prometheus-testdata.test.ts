import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { promqlProblems } from '../../../src/promql/index.js';
import { promtoolOf } from '../../helpers/promtool-oracle.js';

/**
 * Prometheus's own rule files (testdata/, fixtures/ and documentation/ of the Go module
 * github.com/prometheus/prometheus@v0.316.0 = 3.16, in the Go module cache), valid and invalid:
 * per rule, mon's verdict on the expression must be promtool 3.16's.
 */
const MODULE = 'github.com/prometheus/prometheus@v0.316.0';

function moduleDir(): string {
  const go = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  const cache =
    process.env.GOMODCACHE || (go.status === 0 ? go.stdout.trim() : '') || join(homedir(), 'go', 'pkg', 'mod');
  const dir = join(cache, MODULE);
  if (!existsSync(dir))
    throw new Error(
      `${dir} is missing: run \`go mod download ${MODULE}\` (or bash scripts/build-go-tools.sh prometheus, which downloads it)`,
    );
  return dir;
}

const walk = (d: string): string[] =>
  readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });

interface RuleRef {
  file: string;
  group: string;
  index: number;
  expr: string;
  kind: 'alert' | 'record';
}

describe("Prometheus's own rule files (Go module testdata)", () => {
  it('gives promtool 3.16 verdict on every rule expression', () => {
    const dir = moduleDir();
    const files = walk(dir).filter((f) => /\/(testdata|fixtures|documentation)\//.test(f) && /\.ya?ml$/.test(f));
    const rules: RuleRef[] = [];
    const ruleFiles: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!/^groups:/m.test(text)) continue;
      const doc = parseAllDocuments(text)[0];
      if (!doc || 'empty' in doc || doc.errors.length) continue;
      const first: unknown = doc.toJS();
      const groups = (first as { groups?: unknown } | null)?.groups;
      if (!Array.isArray(groups)) continue;
      ruleFiles.push(file);
      for (const g of groups as Array<{ name?: string; rules?: Array<Record<string, unknown>> }>) {
        (g.rules ?? []).forEach((r, index) => {
          if (typeof r?.expr === 'string' && (r.alert !== undefined || r.record !== undefined))
            rules.push({
              file,
              group: String(g.name),
              index: index + 1,
              expr: r.expr,
              kind: r.alert !== undefined ? 'alert' : 'record',
            });
        });
      }
    }
    const run = spawnSync(promtoolOf('3'), ['check', 'rules', ...ruleFiles], { cwd: dir, encoding: 'utf8' });
    const out = `${run.stdout}\n${run.stderr}`;
    // promtool stops at YAML errors before looking at any expression: those files say nothing about PromQL
    const comparable = new Set(ruleFiles.filter((f) => !new RegExp(`${escape(f)}: yaml:`).test(out)));
    const rejected = new Set(
      [...out.matchAll(/^(\S+): \d+:\d+: group "(.*?)", rule (\d+), .*?: could not parse expression/gm)].map(
        (m) => `${m[1]}|${m[2]}|${m[3]}`,
      ),
    );
    const compared = rules.filter((r) => comparable.has(r.file));
    const disagreements = compared
      .map((r) => ({
        at: `${relative(dir, r.file)} group ${r.group} rule ${r.index}`,
        expr: r.expr,
        promtool: rejected.has(`${r.file}|${r.group}|${r.index}`) ? 'rejects' : 'accepts',
        mon: promqlProblems(r.expr, { prometheus: '3', as: 'query' }).map((p) => p.message),
      }))
      .filter((d) => (d.promtool === 'rejects') !== d.mon.length > 0);
    if (process.env.MON_PROMQL_FIGURES)
      console.log(
        `${ruleFiles.length} rule files, ${comparable.size} comparable, ${compared.length} rules compared, promtool rejects ${compared.filter((r) => rejected.has(`${r.file}|${r.group}|${r.index}`)).length}`,
      );
    expect(disagreements).toEqual([]);
    // not vacuous: real valid and invalid expressions were compared
    expect(compared.length).toBeGreaterThan(100);
    expect(compared.filter((r) => rejected.has(`${r.file}|${r.group}|${r.index}`)).length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
