import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { alive, freePort, getJson, statePids } from '../helpers/stack.js';

/**
 * examples/chronoretrace end to end: backend.mjs (the stand-in for ChronoRetrace's backend and
 * data-source monitor) runs detached, and `mon up` on the example's spec generates, validates,
 * deploys Prometheus, Alertmanager and node_exporter, and verifies (targets, rules, series, drift,
 * a fire drill) with nothing failing. The example's ports are fixed, so the test runs a copy of the
 * spec with free ports (Prometheus, Alertmanager, node_exporter, the two scrape targets, the three
 * webhooks) in a temporary stack directory; everything else is the example's spec as committed.
 */
describe('examples/chronoretrace', () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let spec: string;
  let stack: string;
  const ports: Record<string, number> = {};
  const pids = new Set<number>();
  const env = { GRAFANA_ADMIN_PASSWORD: 'chrono-test-admin' };
  const backend = (args: string[]) =>
    execa(process.execPath, [join(ROOT, 'examples/chronoretrace/backend.mjs'), ...args], {
      cwd: tmp.path,
      reject: false,
    });

  beforeAll(async () => {
    tmp = await tempDir('mon-chronoretrace-');
    for (const name of ['prometheus', 'alertmanager', 'node', 'backend', 'monitor', 'hook1', 'hook2', 'hook3'])
      ports[name] = await freePort();
    const original = await readFile(join(ROOT, 'examples/chronoretrace/monitoring.yaml'), 'utf8');
    const moved = original
      .replace('$schema=../../src/spec/', `$schema=${ROOT}src/spec/`)
      .replace('127.0.0.1:8001', `127.0.0.1:${ports.backend}`)
      .replace('127.0.0.1:8002"]', `127.0.0.1:${ports.monitor}"]`)
      .replace('http://127.0.0.1:5001/', `http://127.0.0.1:${ports.hook1}/`)
      .replace('http://127.0.0.1:5002/', `http://127.0.0.1:${ports.hook2}/`)
      .replace('http://127.0.0.1:5003/', `http://127.0.0.1:${ports.hook3}/`)
      .replace('prometheus:\n', `prometheus:\n  port: ${ports.prometheus}\n`)
      .replace(
        'exporters:\n  node: {enabled: true}',
        `alertmanager:\n  port: ${ports.alertmanager}\nexporters:\n  node: {enabled: true, port: ${ports.node}}`,
      );
    for (const p of ['backend', 'monitor', 'prometheus', 'alertmanager', 'node'])
      expect(moved, `the spec copy names the free ${p} port`).toContain(String(ports[p]));
    spec = join(tmp.path, 'monitoring.yaml');
    stack = join(tmp.path, 'stack');
    await writeFile(spec, moved);
  });

  afterAll(async () => {
    (await statePids(stack)).forEach((p) => pids.add(p));
    await mon(['down', '-f', spec, '--stack-dir', stack], { cwd: tmp.path, env });
    await backend(['--stop']);
    const left = [...pids].filter(alive);
    await tmp.cleanup();
    expect(left, 'processes left behind').toEqual([]);
  }, 60_000);

  it('the stand-in starts detached, and refuses a port in use (exit 1, saying so)', async () => {
    const start = await backend(['--port', String(ports.backend), '--monitor-port', String(ports.monitor), '--detach']);
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toContain(`ChronoRetrace backend stand-in on http://127.0.0.1:${ports.backend}/metrics`);
    pids.add(Number(await readFile(join(tmp.path, '.mon/chronoretrace-backend.pid'), 'utf8')));
    const body = await (await fetch(`http://127.0.0.1:${ports.backend}/metrics`)).text();
    for (const family of [
      'api_request_total',
      'api_request_duration_seconds_bucket',
      'db_query_duration_seconds_bucket',
      'db_connection_pool_usage',
      'cache_hit_rate',
    ])
      expect(body, family).toContain(`\n${family}{`);
    expect(body).toContain('le="2.5"');
    // a second one on the same ports, run in the foreground: the port is taken
    const busy = await backend(['--port', String(ports.backend), '--monitor-port', String(ports.monitor)]);
    expect(busy.exitCode).toBe(1);
    expect(busy.stderr).toContain(`cannot listen on 127.0.0.1:${ports.backend} (backend): the port is in use`);
  }, 30_000);

  it('mon up ends green: exit 0, no check failed, the SLO and escalation rules loaded in Prometheus', async () => {
    const up = await mon(['up', '-f', spec, '--stack-dir', stack, '--json'], { cwd: tmp.path, env });
    (await statePids(stack)).forEach((p) => pids.add(p));
    const failed = () =>
      up.stdout.includes('"checks"')
        ? JSON.stringify(
            (JSON.parse(up.stdout).verify?.checks ?? []).filter((c: { status: string }) => c.status === 'fail'),
          )
        : up.stderr.slice(-3000);
    expect(up.exitCode, failed()).toBe(0);
    const report = JSON.parse(up.stdout) as {
      ok: boolean;
      verify?: { checks: Array<{ id: string; status: string; details?: string }> };
    };
    expect(report.ok).toBe(true);
    const checks = report.verify?.checks ?? [];
    const counts = { pass: 0, fail: 0, skip: 0, warn: 0 } as Record<string, number>;
    for (const c of checks) counts[c.status] = (counts[c.status] ?? 0) + 1;
    console.log(`chronoretrace verify: ${JSON.stringify(counts)} over ${checks.length} checks`);
    expect(checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([]);
    expect(checks.find((c) => c.id === 'drill.notification')?.status).toBe('pass');
    // the seasonal prediction reads a week back: on a fresh stack it waits for that history
    expect(checks.find((c) => c.id === 'series.chronoretrace_anomaly_alerts')?.details).toContain(
      'waiting for history (a recording of this stack that reads the past, offset): ApiRequestRateSeasonalAnomaly (anomaly:api_request_rate:seasonal_prediction)',
    );

    const rules = await getJson<{
      data: { groups: Array<{ name: string; rules: Array<{ name: string; health: string }> }> };
    }>(`http://127.0.0.1:${ports.prometheus}/api/v1/rules`);
    const groups = new Map(rules.data.groups.map((g) => [g.name, g.rules]));
    const names = (prefix: string) =>
      [...groups.entries()].filter(([g]) => g.startsWith(prefix)).flatMap(([, r]) => r.map((x) => x.name));
    expect(names('chronoretrace_escalation')).toEqual(
      expect.arrayContaining(['DataSourceUnavailableEscalated1', 'DataSourceUnavailableEscalated2']),
    );
    expect(names('chronoretrace_slo')).toEqual(
      expect.arrayContaining([
        'ChronoretraceBackendAvailabilityBudgetBurnPage',
        'ChronoretraceBackendLatencyBudgetBurnPage',
      ]),
    );
    const unhealthy = rules.data.groups.flatMap((g) => g.rules.filter((r) => r.health === 'err').map((r) => r.name));
    expect(unhealthy).toEqual([]);
  }, 300_000);
});
