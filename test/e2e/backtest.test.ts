import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../src/tools/binaries.js';
import { mon, tempDir } from '../helpers/cli.js';
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
