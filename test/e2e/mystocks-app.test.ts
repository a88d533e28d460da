import { readFile, writeFile } from 'node:fs/promises';
import { LINES } from '../helpers/lines.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mon, tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/stack.js';
import { eventually, promQuery, runLoad, startApp, startPrometheus, type Proc } from '../helpers/tracing.js';

/**
 * The real MyStocks example backend scraped by Debian's Prometheus with mon's generated config:
 * the seed's metric names come from real request handling, and the business pack's rules read
 * them (a data-source outage makes DataSourceUnavailable and APIHealthDegraded true).
 */
let dir: { path: string; cleanup: () => Promise<void> };
const procs: Proc[] = [];
let app: string;
let prom: number;
let rules: Record<string, string>;

beforeAll(async () => {
  dir = await tempDir('mon-mystocks-app-');
  prom = await freePort();
  const port = await freePort();
  app = `http://127.0.0.1:${port}`;
  await writeFile(
    join(dir.path, 'monitoring.yaml'),
    `apiVersion: mon/v1
project: mystocks
prometheus: {port: ${prom}, scrapeInterval: 1s, evaluationInterval: 1s}
alertmanager: {enabled: false}
exporters: {node: {enabled: false}}
services:
  - name: mystocks-backend
    runtime: python
    targets: ["127.0.0.1:${port}"]
    metricPrefix: mystocks_
alerts:
  packs:
    backend: {service: mystocks-backend}
    business: {service: mystocks-backend}
`,
  );
  // for the Prometheus these tests start: Debian's, on PATH (startPrometheus)
  const gen = await mon(['generate', '-f', 'monitoring.yaml', '-o', 'out'], { cwd: dir.path, env: LINES[0]!.env });
  expect(gen.exitCode, gen.stderr).toBe(0);
  const groups = parse(
    await readFile(join(dir.path, 'out', 'prometheus', 'rules', 'mystocks_business_alerts.yml'), 'utf8'),
  ) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  rules = Object.fromEntries(groups.groups[0]!.rules.map((r) => [r.alert, r.expr]));
  await writeFile(join(dir.path, 'off.env'), 'OTEL_SERVICE_NAME=mystocks-backend\nOTEL_TRACES_EXPORTER=none\n');
  procs.push(await startApp(join(dir.path, 'off.env'), port));
  procs.push(
    await startPrometheus(join(dir.path, 'out', 'prometheus', 'prometheus.yml'), prom, join(dir.path, 'prom-data')),
  );
}, 60_000);

afterAll(async () => {
  for (const p of procs.reverse()) await p.stop();
  await dir?.cleanup();
});

describe('the MyStocks example backend, scraped for real', () => {
  it("exposes the seed's metric names and prometheus_client's process and GC metrics from real requests", async () => {
    const load = await runLoad(app, ['--requests', '300', '--mix', 'quotes=6,search=2,health=1,fail=1']);
    expect(load.status['500']).toBeGreaterThan(0);
    const text = await (await fetch(`${app}/metrics?format=prometheus`)).text();
    const names = new Set(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split(/[{ ]/)[0]),
    );
    for (const n of [
      'mystocks_http_requests_total',
      'mystocks_http_request_duration_seconds_bucket',
      'mystocks_db_connections_active',
      'mystocks_db_connections_idle',
      'mystocks_db_query_duration_seconds_bucket',
      'mystocks_cache_hits_total',
      'mystocks_cache_misses_total',
      'mystocks_api_health_status',
      'mystocks_datasource_availability',
      'process_resident_memory_bytes',
      'process_virtual_memory_bytes',
      'process_cpu_seconds_total',
      'python_gc_collections_total',
      'python_gc_objects_uncollectable_total',
      'python_info',
    ])
      expect(names, n).toContain(n);
    expect(text).toContain(
      `mystocks_http_requests_total{endpoint="/api/orders/fail",method="GET",status="500"} ${load.status['500']}.0`,
    );
  });

  it("the business pack's rules read the real series: healthy, then a data-source outage makes its rules true", async () => {
    await eventually(
      'the app scraped',
      async () => ((await promQuery(prom, 'mystocks_datasource_availability == 1')).length ? true : undefined),
      30_000,
    );
    expect(await promQuery(prom, rules.DataSourceUnavailable!)).toEqual([]);
    expect(await promQuery(prom, rules.APIHealthDegraded!)).toEqual([]);
    expect(await promQuery(prom, rules.LowCacheHitRate!)).toEqual([]);
    expect((await fetch(`${app}/admin/datasource?available=0`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${app}/api/health`)).status).toBe(503);
    expect((await fetch(`${app}/api/stocks/search?q=6000`)).status).toBe(500);
    const down = await eventually(
      'DataSourceUnavailable holds',
      async () => {
        const r = await promQuery(prom, rules.DataSourceUnavailable!);
        return r.length ? r : undefined;
      },
      30_000,
    );
    expect(down.map((r) => r.metric.datasource)).toEqual(['quotes-db']);
    await eventually(
      'APIHealthDegraded holds',
      async () => ((await promQuery(prom, rules.APIHealthDegraded!)).length ? true : undefined),
      30_000,
    );
  });
});
