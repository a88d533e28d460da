import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBinary } from '../../src/tools/binaries.js';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { freePort } from '../helpers/stack.js';

/**
 * `mon verify` on the kubernetes target through `kubectl port-forward` that mon starts and stops.
 * No cluster runs here: the recording kubectl stand-in (test/stubs/kubectl-recorder) forwards
 * the Prometheus and Alertmanager Services of each mode to a real Prometheus 3.16 and Alertmanager
 * 0.35 on 127.0.0.1, standing in for the cluster's, which run the generated rules and
 * alertmanager.yml that the PrometheusRule resources and the config Secret carry.
 */
const STUB = join(ROOT, 'test/stubs/kubectl-recorder');
const line = LINES[1]!;
let tmp: { path: string; cleanup: () => Promise<void> };
const procs: ChildProcess[] = [];
beforeEach(async () => (tmp = await tempDir()));
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGTERM');
  await tmp.cleanup();
});

async function start(binary: string, args: string[], url: string): Promise<void> {
  const child = spawn(binary, args, { stdio: 'ignore' });
  procs.push(child);
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${binary} not ready on ${url}`);
}
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
/** mon sends its forwards SIGTERM as it exits; the port closes once the forward has handled it (bounded: 10 s) */
const closed = async (port: number) => {
  for (let i = 0; i < 100; i++) {
    if (await refused(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

// each mode port-forwards to its own Services: the operator's governing ones, or the chart's
const MODES = [
  ['standalone', 'deploy: {target: kubernetes}', 'svc/prometheus-operated', 'svc/alertmanager-operated'],
  [
    'kube-prometheus-stack',
    'deploy: {target: kubernetes, kubernetes: {mode: kube-prometheus-stack, release: kube-prometheus-stack}}',
    'svc/kube-prometheus-stack-prometheus',
    'svc/kube-prometheus-stack-alertmanager',
  ],
] as const;

describe.each(MODES)(
  'mon verify on the kubernetes target (%s), through port-forward',
  (_mode, deploy, promSvc, amSvc) => {
    it('checks the cluster stand-in through the forwarded ports, and stops the forwards', async () => {
      requireLine(line);
      const [promPort, amPort, fwdProm, fwdAm] = [
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      // the application in the cluster (api.shop.svc:8080), as the stand-in Prometheus reaches it
      const app = createServer((_req, res) =>
        res
          .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
          .end('# TYPE api_requests_total counter\napi_requests_total{code="200"} 42\n'),
      );
      const appPort = await freePort();
      await new Promise<void>((r) => app.listen(appPort, '127.0.0.1', () => r()));
      procs.push({ exitCode: null, kill: () => app.close() } as unknown as ChildProcess);
      const file = join(tmp.path, 'monitoring.yaml');
      await writeFile(
        file,
        `apiVersion: mon/v1
project: shop
prometheus: {port: ${fwdProm}, version: "3.16"}
alertmanager: {port: ${fwdAm}, version: "0.35"}
exporters: {node: {enabled: false}}
services: [{name: api, targets: ["api.shop.svc:8080"]}]
alerts:
  rules:
    - {alert: ApiDown, expr: 'up{job="api"} == 0', for: 1m, severity: critical, summary: api is down}
    - {record: 'job:api_requests:rate5m', expr: 'sum(rate(api_requests_total{job="api"}[5m]))'}
notifications:
  receivers: [{name: oncall, webhook: {url: "http://hooks.shop.svc:5001/"}}]
  route: {receiver: oncall}
${deploy}
`,
      );
      const out = join(tmp.path, 'out');
      const stack = join(tmp.path, 'stack');
      expect((await mon(['generate', '-f', file, '-o', out])).exitCode).toBe(0);
      // the cluster's Prometheus and Alertmanager: the generated rules and alertmanager.yml, on 127.0.0.1
      await mkdir(join(tmp.path, 'prom-data'));
      await writeFile(
        join(tmp.path, 'prometheus.yml'),
        `global: {scrape_interval: 5s, evaluation_interval: 5s}
rule_files: ["${out}/prometheus/rules/*.yml"]
alerting: {alertmanagers: [{static_configs: [{targets: ["127.0.0.1:${amPort}"]}]}]}
scrape_configs:
  - {job_name: prometheus, static_configs: [{targets: ["127.0.0.1:${promPort}"]}]}
  - {job_name: alertmanager, static_configs: [{targets: ["127.0.0.1:${amPort}"]}]}
  # the operator's name for the pool of ScrapeConfig api; jobName sets the job label
  - {job_name: scrapeConfig/monitoring/api, static_configs: [{targets: ["127.0.0.1:${appPort}"]}], relabel_configs: [{target_label: job, replacement: api}]}
`,
      );
      await start(
        findBinary('prometheus', line.prometheus).path!,
        [
          `--config.file=${join(tmp.path, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(tmp.path, 'prom-data')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        `http://127.0.0.1:${promPort}`,
      );
      await start(
        findBinary('alertmanager', line.alertmanager).path!,
        [
          `--config.file=${join(out, 'alertmanager/alertmanager.yml')}`,
          `--storage.path=${join(tmp.path, 'am-data')}`,
          `--web.listen-address=127.0.0.1:${amPort}`,
          '--cluster.listen-address=',
        ],
        `http://127.0.0.1:${amPort}`,
      );
      const env = {
        MON_KUBECTL: STUB,
        MON_TEST_RECORD: join(tmp.path, 'record'),
        MON_TEST_KUBE_STATE: join(tmp.path, 'cluster'),
        MON_TEST_FORWARD: JSON.stringify({ [promSvc]: promPort, [amSvc]: amPort }),
      };
      expect((await mon(['deploy', '-f', file, '--stack-dir', stack], { env })).exitCode).toBe(0);
      const r = await mon(['verify', '-f', file, '--stack-dir', stack, '--json'], { env });
      const report = JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string; details?: string }> };
      const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
      expect(status).toMatchObject({
        'prometheus.ready': 'pass',
        'alertmanager.ready': 'pass',
        'alertmanager.receivers': 'pass',
        'alertmanager.connected': 'pass',
        'rules.loaded': 'pass',
        'drift.rules': 'pass',
        'drift.files': 'pass',
        'targets.prometheus': 'pass',
        'targets.alertmanager': 'pass',
        'drift.prometheus': 'skip',
        'drift.flags': 'skip',
        'drift.alertmanager': 'skip',
        'metrics.api': 'skip',
        'targets.api': 'pass',
        'query.api': 'pass',
      });
      expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(r.exitCode).toBe(0);
      const forwards = (await readFile(env.MON_TEST_RECORD, 'utf8'))
        .split('\n')
        .filter((l) => l.includes('port-forward'))
        .map((l) => JSON.parse(l) as string[]);
      expect(forwards).toContainEqual([
        'port-forward',
        '-n',
        'monitoring',
        '--address',
        '127.0.0.1',
        promSvc,
        `${fwdProm}:9090`,
      ]);
      expect(forwards).toContainEqual([
        'port-forward',
        '-n',
        'monitoring',
        '--address',
        '127.0.0.1',
        amSvc,
        `${fwdAm}:9093`,
      ]);
      // mon stopped its forwards when it exited
      expect(await closed(fwdProm)).toBe(true);
      expect(await closed(fwdAm)).toBe(true);
    }, 180_000);
  },
);
