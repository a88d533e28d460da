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
// the example's shape: not a selector, the rate of a counter summed (chronoretrace's API request rate)
const rateGroup = anomalyRuleGroup('demo', [
  { name: 'api-request-rate', expr: 'sum(rate(api_request_total{job="chronoretrace-backend"}[5m]))' },
])!;
const run = (version: '2' | '3', mutate = (t: string) => t, g = group): Promise<{ code: number; out: string }> => {
  const dir = mkdtempSync(join(tmpdir(), 'mon-anomaly-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'tests'));
  writeFileSync(join(dir, 'rules', `${g.name}.yml`), mutate(ruleFileText(g, 'monitoring.yaml')));
  writeFileSync(join(dir, 'tests', 't.test.yml'), toYaml(testFile(g), '# test\n'));
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
      ['anomaly:api_requests:median_1d', 0],
      ['anomaly:api_requests:abs_dev_1d', 0],
      ['anomaly:api_requests:mad_1d', 0],
      ['anomaly:api_requests:robust_upper_band', 0],
      ['anomaly:api_requests:robust_lower_band', 0],
      ['ApiRequestsAnomaly', 2],
      ['ApiRequestsSeasonalAnomaly', 2],
      ['ApiRequestsRobustAnomaly', 3],
    ]);
    expect(
      group.rules.find((r) => r.kind === 'record' && r.record === 'anomaly:api_requests:robust_upper_band')?.expr,
    ).toBe(
      'anomaly:api_requests:median_1d + ((3 * anomaly:api_requests:mad_1d >= 0.1 * abs(anomaly:api_requests:median_1d)) or (0.1 * abs(anomaly:api_requests:median_1d)))',
    );
    const alert = group.rules[11]!;
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
  it('the robust band: its tests pass on both lines, and a MAD multiplier of 30 misses the jump (with and without the spike)', async () => {
    const robust = (t: string) => t.replace(/\(3 \* anomaly:api_requests:mad_1d/g, '(30 * anomaly:api_requests:mad_1d');
    const [two, three, wide] = await Promise.all([run('2'), run('3'), run('3', robust)]);
    expect([two.code, three.code]).toEqual([0, 0]);
    expect(wide.code).toBe(1);
    expect(wide.out).toContain(
      'name: ApiRequestsRobustAnomaly: a jump to 19 sigma is pending at once and fires after 10m,',
    );
    expect(wide.out).toContain(
      'name: ApiRequestsRobustAnomaly: a spike to 1000 half a day before does not widen the band',
    );
    expect(wide.out).not.toContain('name: ApiRequestsRobustAnomaly: the usual variation stays silent');
  }, 60_000);
  it('an expression that is not a selector (sum of a rate) gets tests from a counter, passing on both lines and failing for a wrong sigma', async () => {
    expect(
      rateGroup.rules.filter((r) => r.kind === 'alert').map((r) => [r.kind === 'alert' && r.alert, r.tests.length]),
    ).toEqual([
      ['ApiRequestRateAnomaly', 2],
      ['ApiRequestRateSeasonalAnomaly', 2],
      ['ApiRequestRateRobustAnomaly', 3],
    ]);
    const input = rateGroup.rules.find((r) => r.kind === 'alert')!.tests[0]!;
    expect(input.interval).toBe('1m');
    expect(input.series[0]!.series).toBe('api_request_total{job="chronoretrace-backend"}');
    expect(input.series[0]!.values.startsWith('0+600x14 9000+720x14 19800+600x14')).toBe(true);
    const [two, three, mutated] = await Promise.all([
      run('2', undefined, rateGroup),
      run('3', undefined, rateGroup),
      run('3', (t) => t.replaceAll(' > 3\n', ' > 30\n'), rateGroup),
    ]);
    expect(two.out + three.out).not.toContain('FAILED');
    expect([two.code, three.code]).toEqual([0, 0]);
    expect(mutated.code).toBe(1);
    expect(mutated.out).toContain(
      'name: ApiRequestRateAnomaly: a jump to 19 sigma is pending at once and fires after 10m,',
    );
  }, 120_000);
  it('expressions it cannot feed get no generated tests', () => {
    for (const expr of ['sum by (x) (rate(a[5m]))', 'a / b', 'sum(rate(a[5m])) / 2', 'rate(a[5m]))'])
      expect(
        anomalyRuleGroup('demo', [{ name: 'n', expr }])!.rules.flatMap((r) => r.tests),
        expr,
      ).toEqual([]);
  });
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
