import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../src/tools/binaries.js';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { realPrometheus } from '../helpers/prometheus.js';

/**
 * `mon backtest` on a real Prometheus (Debian's 2.42) whose history was backfilled with
 * `promtool tsdb create-blocks-from openmetrics` from a generated series of known shape: two days
 * of a daily cycle between 2 and 8, with spikes to 20 of 20 minutes, 5 minutes and an hour. The
 * exact episodes follow from `for` and `keep_firing_for`.
 */
const MIN = 60_000;
let tmp: { path: string; cleanup: () => Promise<void> };
let prom: { url: string; close: () => Promise<void> };
let spec: string;

beforeAll(async () => {
  tmp = await tempDir('mon-backtest-');
  const t0 = Math.floor((Date.now() - 49 * 60 * MIN) / MIN) * MIN;
  const spikes = [
    [6 * 60, 20],
    [18 * 60, 5],
    [36 * 60, 60],
  ];
  const lines = ['# HELP bt_value a shaped test gauge', '# TYPE bt_value gauge'];
  for (let m = 0; m <= 48 * 60; m++) {
    const spike = spikes.some(([at, len]) => m >= at! && m < at! + len!);
    const v = spike ? 20 : 5 + 3 * Math.sin((2 * Math.PI * m) / (24 * 60));
    lines.push(`bt_value{series="a"} ${v.toFixed(6)} ${(t0 + m * MIN) / 1000}`);
  }
  // node memory in use: a daily cycle 50-70%, a 30-minute spike to 95% at 20h, 3 minutes at 85% at 30h (shorter than for)
  lines.push('# HELP node_memory_MemTotal_bytes total', '# TYPE node_memory_MemTotal_bytes gauge');
  for (let m = 0; m <= 48 * 60; m++)
    lines.push(`node_memory_MemTotal_bytes{job="node",instance="h"} 1000 ${(t0 + m * MIN) / 1000}`);
  lines.push('# HELP node_memory_MemAvailable_bytes available', '# TYPE node_memory_MemAvailable_bytes gauge');
  for (let m = 0; m <= 48 * 60; m++) {
    let used = 60 + 10 * Math.sin((2 * Math.PI * m) / (24 * 60));
    if (m >= 20 * 60 && m < 20 * 60 + 30) used = 95;
    if (m >= 30 * 60 && m < 30 * 60 + 3) used = 85;
    lines.push(
      `node_memory_MemAvailable_bytes{job="node",instance="h"} ${(1000 - used * 10).toFixed(6)} ${(t0 + m * MIN) / 1000}`,
    );
  }
  lines.push('# EOF');
  await writeFile(join(tmp.path, 'history.om'), `${lines.join('\n')}\n`);
  const promtool = requireBinary('promtool');
  const r = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', 'history.om', 'prom-data'], {
    cwd: tmp.path,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  prom = await realPrometheus(tmp.path);
  spec = join(tmp.path, 'monitoring.yaml');
  await writeFile(
    spec,
    `apiVersion: mon/v1
project: bt
prometheus: {evaluationInterval: 1m}
services: [{name: api, targets: ["127.0.0.1:9"]}]
alerts:
  rules:
    - {alert: BtAny, expr: 'bt_value > 10'}
    - {alert: BtHigh, expr: 'bt_value > 10', for: 5m}
    - {alert: BtHighKept, expr: 'bt_value > 10', for: 5m, keepFiringFor: 10m}
    - {alert: BtNever, expr: 'bt_value > 100', for: 1m}
  packs:
    system: {}
`,
  );
}, 60_000);
afterAll(async () => {
  await prom?.close();
  await tmp?.cleanup();
});

describe('mon backtest', () => {
  it('counts the episodes for and keep_firing_for make of the history', async () => {
    const r = await mon(['backtest', '-f', spec, '--since', '3d', '--prometheus-url', prom.url, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    const by = Object.fromEntries(
      body.alerts.map((a: any) => [
        a.alert,
        [
          a.episodes,
          a.perWeek,
          a.totalFiringSeconds / 60,
          a.longestSeconds / 60,
          a.list.map((e: any) => (Date.parse(e.end) - Date.parse(e.start)) / MIN),
        ],
      ]),
    );
    expect(by).toEqual({
      BtAny: [3, 7, 85, 60, [20, 5, 60]],
      BtHigh: [2, 4.667, 70, 55, [15, 55]],
      BtHighKept: [2, 4.667, 90, 65, [25, 65]],
      BtNever: [0, 0, 0, 0, []],
      NodeMemoryHigh: [1, 2.333, 25, 25, [25]],
    });
  });

  it('one alert, as a table', async () => {
    const r = await mon(['backtest', '-f', spec, '--since', '3d', '--alert', 'BtHigh', '--prometheus-url', prom.url]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^BtHigh\s+2\s+4\.67\s+1h10m\s+55m$/m);
    const bad = await mon(['backtest', '-f', spec, '--alert', 'Nope', '--prometheus-url', prom.url]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('no alerting rule named Nope');
  });
});

describe('mon tune', () => {
  const tuned = async (rate: string) => {
    const r = await mon([
      'tune',
      '-f',
      spec,
      '--since',
      '2d',
      '--target-rate',
      rate,
      '--prometheus-url',
      prom.url,
      '--json',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    return JSON.parse(r.stdout).rules.find((x: any) => x.alert === 'NodeMemoryHigh');
  };
  it('describes the history: the daily cycle, the spike as the maximum', async () => {
    const t = await tuned('1/week');
    expect(t.current).toBe(90);
    expect(t.distribution.max).toBe(95);
    expect(t.distribution.p50).toBeGreaterThan(59);
    expect(t.distribution.p50).toBeLessThan(61);
    expect(t.distribution.seasonality).toBeGreaterThan(0.6);
    expect(t.distribution.coverage).toBeGreaterThan(0.97);
    expect(t.episodesAtCurrent).toBe(1);
  });
  it('at 1/week (0.29 episodes in 2 days) the threshold goes just above the spike', async () => {
    const t = await tuned('1/week');
    expect(t.suggested).toBe(95);
    expect(t.episodesAtSuggested).toBe(0);
    expect(t.patch).toBe('alerts:\n  packs:\n    system:\n      rules:\n        NodeMemoryHigh: {threshold: 95}');
    expect(t.warnings).toEqual(['only 2.0 days of history: a weekly rate is extrapolated']);
  });
  it('at 10/week it goes to the top of the daily cycle, not under the 3-minute plateau (for-aware)', async () => {
    const t = await tuned('10/week');
    expect(t.suggested).toBeGreaterThan(69.9);
    expect(t.suggested).toBeLessThan(70.01);
    expect(t.episodesAtSuggested).toBe(1);
  });
});

describe('mon backtest and mon tune: wrong input is a usage error, before any query', () => {
  const example = join(ROOT, 'examples/chronoretrace/monitoring.yaml');
  const nowhere = ['--prometheus-url', 'http://127.0.0.1:1'];
  it('--since beyond what one replay holds is exit 2 saying how much fits', async () => {
    const r = await mon(['backtest', '-f', example, '--since', '1000y', ...nowhere]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('error: --since 1000y: 1,051,200,000 evaluations at 30s, more than 5,000,000');
  });
  it('an unreachable Prometheus is exit 1 naming it', async () => {
    const r = await mon(['backtest', '-f', example, '--since', '1h', ...nowhere]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: cannot query http://127.0.0.1:1: fetch failed');
  });
  it('tune --alert: an unknown alert and a rule that is not a pack rule are exit 2', async () => {
    const unknown = await mon(['tune', '-f', example, '--alert', 'Nope', ...nowhere]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('error: no alerting rule named Nope');
    const own = await mon(['tune', '-f', example, '--alert', 'HighAPILatency', ...nowhere]);
    expect(own.exitCode).toBe(2);
    expect(own.stderr).toContain(
      "error: HighAPILatency is not a pack rule: mon tune suggests thresholds of the packs' rules",
    );
  });
});
