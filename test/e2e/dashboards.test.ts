import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { alive, freePort, freePorts, type Ports, statePids } from '../helpers/stack.js';

/**
 * Dashboards against real Prometheus (Debian's), Alertmanager and node_exporter scraping the
 * MyStocks simulator: two stacks side by side, one healthy, one whose simulator leaves out the
 * HTTP request counter and whose spec has a custom dashboard with a variable nothing answers.
 * Grafana is in the spec (so the dashboards are generated) but not deployed here: the data check
 * needs only Prometheus.
 */
interface Stack {
  dir: string;
  spec: string;
  ports: Ports;
  simulator: ChildProcess;
}
let tmp: { path: string; cleanup: () => Promise<void> };
const stacks: Record<'healthy' | 'degraded', Stack> = {} as never;
const seen = new Set<number>();

/** Tempo and Loki in the spec but not deployable here (Debian packages neither): their panels skip. */
const DEGRADED = `tempo: {}
loki: {enabled: true}
dashboards:
  presets: [backend-monitoring, api-overview, system-resources, alerts, tracing]
  custom:
    - uid: extras
      title: Logs and exemplars
      rows: [{panels: [{title: Logs, datasource: loki, expr: '{job="mystocks-backend"}'}, {title: Latency exemplars, queries: [{expr: 'mystocks_http_request_duration_seconds_bucket', exemplar: true}]}]}]
    - uid: queues
      title: Order queues
      variables: [{name: queue, query: 'label_values(mystocks_order_queue_depth, queue)'}]
      rows: [{panels: [{title: Queue depth, expr: 'mystocks_order_queue_depth{queue="$queue"}'}]}]
`;
const HEALTHY = `dashboards:
  presets: [backend-monitoring, api-overview, system-resources, alerts]
`;

async function start(name: 'healthy' | 'degraded', omit: string[], extra: string): Promise<Stack> {
  const ports = await freePorts();
  const grafana = await freePort();
  const dir = join(tmp.path, name);
  const spec = join(tmp.path, `${name}.yaml`);
  const simulator = spawn(
    process.execPath,
    [
      join(ROOT, 'examples/mystocks/simulator.mjs'),
      '--port',
      String(ports.app),
      '--otlp',
      'http://127.0.0.1:1/v1/traces',
      ...(omit.length ? ['--omit', omit.join(',')] : []),
    ],
    { stdio: 'ignore' },
  );
  await writeFile(
    spec,
    `apiVersion: mon/v1
project: dash${name}
prometheus: {port: ${ports.prometheus}, scrapeInterval: 1s, evaluationInterval: 1s}
alertmanager: {port: ${ports.alertmanager}}
exporters: {node: {port: ${ports.node}}}
grafana: {allowDefaultAdmin: true, port: ${grafana}}
# Grafana, Tempo and Loki do not run here (AGPL): their checks skip, and dashboards.data needs only Prometheus
deploy: {optional: [grafana, tempo, loki]}
services:
  - {name: mystocks-backend, runtime: python, targets: ["127.0.0.1:${ports.app}"], params: {format: [prometheus]}, metricPrefix: mystocks_}
alerts:
  packs: {backend: {service: mystocks-backend}, system: {}}
${extra}`,
  );
  const r = await mon(['deploy', '-f', spec, '--stack-dir', dir], { cwd: tmp.path });
  expect(r.exitCode, r.stderr).toBe(0);
  (await statePids(dir)).forEach((p) => seen.add(p));
  return { dir, spec, ports, simulator };
}

const verify = (s: Stack, args: string[] = []) =>
  mon(['verify', '-f', s.spec, '--stack-dir', s.dir, '--json', ...args], { cwd: tmp.path });
const check = (stdout: string, id: string) =>
  (JSON.parse(stdout).checks as Array<{ id: string; status: string; details?: string }>).find((c) => c.id === id)!;

beforeAll(async () => {
  tmp = await tempDir('mon-dashboards-');
  [stacks.healthy, stacks.degraded] = await Promise.all([
    start('healthy', [], HEALTHY),
    start('degraded', ['mystocks_http_requests_total'], DEGRADED),
  ]);
});

afterAll(async () => {
  for (const s of Object.values(stacks)) {
    (await statePids(s.dir)).forEach((p) => seen.add(p));
    await mon(['down', '--stack-dir', s.dir]);
    s.simulator.kill();
  }
  const left = [...seen].filter(alive);
  await tmp.cleanup();
  expect(left, 'processes left behind').toEqual([]);
});

describe('mon verify: dashboards.data against a real Prometheus', () => {
  it('passes on the healthy stack: every preset panel has data', async () => {
    const r = await verify(stacks.healthy, ['--wait', '--timeout', '60s']);
    const c = check(r.stdout, 'dashboards.data');
    expect(c.status, c.details).toBe('pass');
    expect(c.details!.split('\n')).toEqual([
      '4 dashboards, 22 panels, 29 queries run, 0 skipped',
      'ok: dashboard alerts, panel "Active alerts": empty, no alert is pending or firing',
      'ok: dashboard alerts, panel "Firing by alert": empty, no alert is firing',
    ]);
    expect(r.exitCode, r.stdout).toBe(0);
  }, 90_000);

  it('turns exactly the panels of a missing metric family red, and a variable with no values; Tempo, Loki and exemplar panels skip', async () => {
    // 1s scrape interval, 1h range, 12 columns: $__interval 5s, $__rate_interval max(5s + 1s, 4 * 1s) = 6s
    const requests = 'mystocks_http_requests_total{job="mystocks-backend"}';
    const tempo =
      'Tempo: not deployed: Tempo is not packaged by Debian: `mon tools install tempo` downloads the release, or deploy with --target compose';
    const expected = [
      '4 problems (7 dashboards, 31 panels, 29 queries run, 8 skipped):',
      `dashboard api-overview, panel "Error rate 4xx / 5xx": no series: sum(rate(mystocks_http_requests_total{job="mystocks-backend",status=~"4.."}[6s])) / sum(rate(${requests}[6s]))`,
      `dashboard api-overview, panel "Error rate 4xx / 5xx": no series: sum(rate(mystocks_http_requests_total{job="mystocks-backend",status=~"5.."}[6s])) / sum(rate(${requests}[6s]))`,
      `dashboard api-overview, panel "Request rate": no series: sum by (method, status) (rate(${requests}[6s]))`,
      'dashboard queues: variable $queue has no values: label_values(mystocks_order_queue_depth, queue)',
      `skipped: dashboard extras, panel "Latency exemplars": exemplars link to ${tempo}`,
      'skipped: dashboard extras, panel "Logs": Loki: not deployed: Loki is not packaged by Debian (its `loki` package is unrelated): put Loki\'s release binary on PATH or set MON_LOKI, or deploy with --target compose',
      `skipped: dashboard tracing, panel "Duration p95": exemplars link to ${tempo}`,
      ...['Error rate', 'Request rate', 'Service graph', 'Spans discarded', 'Spans received'].map(
        (t) => `skipped: dashboard tracing, panel "${t}": ${tempo}`,
      ),
      'ok: dashboard alerts, panel "Active alerts": empty, no alert is pending or firing',
      'ok: dashboard alerts, panel "Firing by alert": empty, no alert is firing',
    ];
    // like --wait: until the first scrapes and rule evaluations are in (the healthy stack's test usually saw to that)
    let r = await verify(stacks.degraded);
    for (let i = 0; i < 30 && check(r.stdout, 'dashboards.data').details!.split('\n').length !== expected.length; i++) {
      await new Promise((res) => setTimeout(res, 1000));
      r = await verify(stacks.degraded);
    }
    const c = check(r.stdout, 'dashboards.data');
    expect(c.status).toBe('fail');
    expect(c.details!.split('\n')).toEqual(expected);
    expect(r.exitCode).toBe(4);
  }, 120_000);

  it('works against a stack elsewhere with --prometheus-url only', async () => {
    const s = stacks.healthy;
    const r = await mon(
      [
        'verify',
        '-f',
        s.spec,
        '--stack-dir',
        join(tmp.path, 'nothing-here'),
        '--prometheus-url',
        `http://127.0.0.1:${s.ports.prometheus}`,
        '--json',
      ],
      { cwd: tmp.path },
    );
    const c = check(r.stdout, 'dashboards.data');
    expect(c.status, c.details).toBe('pass');
    expect(c.details!.split('\n')[0]).toBe('4 dashboards, 22 panels, 29 queries run, 0 skipped');
  });
});

/** Pixels that differ from the page's background (#111217) by more than a little. */
function pixels(png: PNG, match: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (match(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) n++;
  return n;
}
const near = (r: number, g: number, b: number, [R, G, B]: [number, number, number], d = 40) =>
  Math.abs(r - R) + Math.abs(g - G) + Math.abs(b - B) < d;

describe('mon dashboards render', () => {
  it('writes an HTML page and a PNG per dashboard, drawn from the live data', async () => {
    const out = join(tmp.path, 'render');
    const s = stacks.healthy;
    const r = await mon(
      ['dashboards', 'render', '-f', s.spec, '--stack-dir', s.dir, '--out', out, '--from', '30s', '--json'],
      { cwd: tmp.path },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const boards = JSON.parse(r.stdout).dashboards as Array<{
      uid: string;
      png: string;
      html: string;
      width: number;
      height: number;
      noData: string[];
    }>;
    expect(boards.map((b) => b.uid)).toEqual(['backend-monitoring', 'api-overview', 'system-resources', 'alerts']);
    for (const b of boards) {
      const png = PNG.sync.read(await readFile(b.png));
      expect([png.width, png.height], b.uid).toEqual([1600, b.height]);
      const drawn = pixels(png, (r, g, b) => !near(r, g, b, [0x11, 0x12, 0x17], 12));
      expect(drawn / (png.width * png.height), `${b.uid}: share of non-background pixels`).toBeGreaterThan(0.1);
      const html = await readFile(b.html, 'utf8');
      expect(html).not.toMatch(/<script src=|<link /); // self-contained: uPlot inlined
    }
    expect(boards.find((b) => b.uid === 'backend-monitoring')!.noData).toEqual([]);
    const backend = PNG.sync.read(await readFile(boards[0]!.png));
    // The first series colour (#73bf69), drawn as lines over the seconds of the last 30s this stack has
    // data for (about 950 pixels at 15s; 2600 with the full 30s): without data the panels say "No data"
    // and draw no legend, and this count is 0.
    expect(pixels(backend, (r, g, b) => near(r, g, b, [0x73, 0xbf, 0x69]))).toBeGreaterThan(500);
    expect(boards[0]!.height).toBe(924);
  }, 120_000);

  it('exits 3 naming what to install when Chromium is missing', async () => {
    const s = stacks.healthy;
    const r = await mon(['dashboards', 'render', '-f', s.spec, '--stack-dir', s.dir, '--out', join(tmp.path, 'none')], {
      cwd: tmp.path,
      env: { MON_CHROMIUM: '/nonexistent/chromium' },
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(
      "MON_CHROMIUM=/nonexistent/chromium is not an executable file; install Debian's `chromium` package (apt-get install chromium)",
    );
  });
});
