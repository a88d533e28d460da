import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toYaml } from '../../../src/artifacts/serialize.js';
import { ruleFileText } from '../../../src/generators/prometheus/rules.js';
import { testFile } from '../../../src/generators/prometheus/tests.js';
import { capacityRuleGroup } from '../../../src/packs/capacity.js';
import { DiagnosticsError, formatDiagnostic } from '../../../src/spec/diagnostics.js';
import { loadSpec } from '../../../src/spec/load.js';
import { promtoolOf } from '../../helpers/promtool-oracle.js';

/** The capacity rules' generated tests on real promtool (both lines), a mutated limit caught, and the spec's refusals. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const group = capacityRuleGroup(
  'demo',
  { gauges: [{ name: 'db-pool', expr: 'db_connection_pool_usage{pool_name="default"}', limit: 0.9, horizon: '4h' }] },
  true,
)!;
const run = (version: '2' | '3', mutate = (t: string) => t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mon-capacity-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'tests'));
  writeFileSync(join(dir, 'rules', `${group.name}.yml`), mutate(ruleFileText(group, 'monitoring.yaml')));
  writeFileSync(join(dir, 'tests', 't.test.yml'), toYaml(testFile(group), '# test\n'));
  return spawnSync(promtoolOf(version), ['test', 'rules', join(dir, 'tests', 't.test.yml')], { encoding: 'utf8' });
};

describe('capacity', () => {
  it('disk, memory and a named gauge, with tests for each alert', () => {
    expect(group.rules.map((r) => [r.kind === 'alert' ? r.alert : r.record, r.tests.length])).toEqual([
      ['NodeFilesystemWillFillUp', 2],
      ['NodeMemoryWillRunOut', 2],
      ['capacity:db_pool:seconds_to_full', 0],
      ['DbPoolWillReachLimit', 2],
    ]);
  });
  for (const version of ['2', '3'] as const)
    it(`the tests pass on promtool ${version === '2' ? '2.42' : '3.16'}`, () => {
      const r = run(version);
      expect(r.stdout + r.stderr).toContain('SUCCESS');
      expect(r.status).toBe(0);
    });
  it('a wrong limit or horizon is caught', () => {
    const limit = run('2', (t) => t.replace('>= 0.9', '>= 5'));
    expect(limit.status).toBe(1);
    expect(limit.stdout + limit.stderr).toContain(
      'name: DbPoolWillReachLimit: a trend that crosses the limit within the horizon fires after 1h, not before,',
    );
    const horizon = run('2', (t) => t.replace('[6h], 86400) < 0 and', '[6h], 60) < 0 and'));
    expect(horizon.status).toBe(1);
    expect(horizon.stdout + horizon.stderr).toContain(
      'name: NodeFilesystemWillFillUp: a trend that crosses the limit within the horizon fires after 1h, not before,',
    );
  });
  it('refuses a gauge that is not valid PromQL and a duplicate name', () => {
    const text = [
      'apiVersion: mon/v1',
      'project: demo',
      'services: [{name: api, targets: ["127.0.0.1:8000"]}]',
      'capacity:',
      '  gauges:',
      "    - {name: pool, expr: 'rate(x)', limit: 1}",
      "    - {name: pool, expr: 'x', limit: 1}",
    ].join('\n');
    let messages: string[] = [];
    try {
      loadSpec(`${text}\n`, 'm.yaml');
    } catch (e) {
      if (!(e instanceof DiagnosticsError)) throw e;
      messages = e.diagnostics.map(formatDiagnostic);
    }
    expect(messages).toEqual([
      'm.yaml:6:32 capacity.gauges[0].expr: rate() takes a range vector as its first argument, got an instant vector: write rate(x[5m])',
      'm.yaml:7:14 capacity.gauges[1].name: duplicate capacity gauge "pool"',
    ]);
  });
});
