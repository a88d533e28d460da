import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toYaml } from '../../../src/artifacts/serialize.js';
import { ruleFileText } from '../../../src/generators/prometheus/rules.js';
import { testFile } from '../../../src/generators/prometheus/tests.js';
import { anomalyRuleGroup } from '../../../src/packs/anomaly.js';
import { DiagnosticsError, formatDiagnostic } from '../../../src/spec/diagnostics.js';
import { loadSpec } from '../../../src/spec/load.js';
import { promtoolOf } from '../../helpers/promtool-oracle.js';

/** The anomaly rules' generated tests on real promtool (both lines), a mutated sigma caught, and the spec's refusals. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const group = anomalyRuleGroup('demo', [{ name: 'api-requests', expr: 'api_requests_per_second{job="api"}' }])!;
const run = (version: '2' | '3', mutate = (t: string) => t): Promise<{ code: number; out: string }> => {
  const dir = mkdtempSync(join(tmpdir(), 'mon-anomaly-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'tests'));
  writeFileSync(join(dir, 'rules', `${group.name}.yml`), mutate(ruleFileText(group, 'monitoring.yaml')));
  writeFileSync(join(dir, 'tests', 't.test.yml'), toYaml(testFile(group), '# test\n'));
  return new Promise((resolve) => {
    const p = spawn(promtoolOf(version), ['test', 'rules', join(dir, 'tests', 't.test.yml')]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
};

describe('anomaly', () => {
  it('records value, weekly mean, stddev, band and seasonal prediction; two do-not-page alerts with tests', () => {
    expect(group.rules.map((r) => [r.kind === 'alert' ? r.alert : r.record, r.tests.length])).toEqual([
      ['anomaly:api_requests:value', 0],
      ['anomaly:api_requests:avg_1w', 0],
      ['anomaly:api_requests:stddev_1w', 0],
      ['anomaly:api_requests:upper_band', 0],
      ['anomaly:api_requests:lower_band', 0],
      ['anomaly:api_requests:seasonal_prediction', 0],
      ['ApiRequestsAnomaly', 2],
      ['ApiRequestsSeasonalAnomaly', 2],
    ]);
    const alert = group.rules[6]!;
    expect(alert).toMatchObject({
      expr: 'abs((anomaly:api_requests:value - anomaly:api_requests:avg_1w) / anomaly:api_requests:stddev_1w) > 3',
      for: '10m',
      labels: { severity: 'info', page: 'false', anomaly: 'api-requests' },
    });
  });
  it('the tests pass on promtool 2.42 and 3.16, and a wrong sigma is caught', async () => {
    const [two, three, mutated] = await Promise.all([
      run('2'),
      run('3'),
      run('2', (t) => t.replaceAll(' > 3\n', ' > 30\n')),
    ]);
    expect(two.out).toContain('SUCCESS');
    expect(three.out).toContain('SUCCESS');
    expect([two.code, three.code]).toEqual([0, 0]);
    expect(mutated.code).toBe(1);
    expect(mutated.out).toContain(
      'name: ApiRequestsAnomaly: a jump to 19 sigma is pending at once and fires after 10m,',
    );
    expect(mutated.out).toContain(
      'name: ApiRequestsSeasonalAnomaly: a jump to 19 sigma is pending at once and fires after 10m,',
    );
  }, 60_000);
  it('refuses an expression that is not valid PromQL and a duplicate name', () => {
    const text = [
      'apiVersion: mon/v1',
      'project: demo',
      'services: [{name: api, targets: ["127.0.0.1:8000"]}]',
      'anomalies:',
      "  - {name: rps, expr: 'rate(x)'}",
      "  - {name: rps, expr: 'x'}",
    ].join('\n');
    let messages: string[] = [];
    try {
      loadSpec(`${text}\n`, 'm.yaml');
    } catch (e) {
      if (!(e instanceof DiagnosticsError)) throw e;
      messages = e.diagnostics.map(formatDiagnostic);
    }
    expect(messages).toEqual([
      'm.yaml:5:29 anomalies[0].expr: rate() takes a range vector as its first argument, got an instant vector: write rate(x[5m])',
      'm.yaml:6:12 anomalies[1].name: duplicate anomaly "rps"',
    ]);
  });
});
