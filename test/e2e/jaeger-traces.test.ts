import { readFile, writeFile } from 'node:fs/promises';
import { LINES } from '../helpers/lines.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normalize } from '../../src/model/normalize.js';
import type { Jaeger } from '../../src/model/types.js';
import { loadSpec } from '../../src/spec/load.js';
import { jaegerReady, jaegerSpansArriving, jaegerTraceRoundTrip } from '../../src/verify/jaeger.js';
import { mon, tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/stack.js';
import {
  eventually,
  promQuery,
  runLoad,
  startApp,
  startJaeger,
  startPrometheus,
  type Proc,
} from '../helpers/tracing.js';

/**
 * Measured, not assumed: the real MyStocks backend (OpenTelemetry SDK, OTLP exporter) with mon's
 * generated tracing env (parentbased_traceidratio, 0.1) sends to a real Jaeger v2 running mon's
 * generated config; Debian's Prometheus runs mon's generated prometheus.yml and rules and scrapes
 * Jaeger's span metrics. Nothing here is a stand-in.
 */
const RATIO = 0.1;
const N = 2000;
// binomial(N, 0.1): mean 200, sigma sqrt(N p (1-p)) = 13.4; 4 sigma: [147, 253]
const SIGMA = Math.sqrt(N * RATIO * (1 - RATIO));
const BOUND = 4 * SIGMA;

interface JaegerSpan {
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; spanID: string; traceID: string }>;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
}

let dir: { path: string; cleanup: () => Promise<void> };
const procs: Proc[] = [];
let ports: Record<string, number>;
let app: string;
let jaeger: Jaeger;
const figures: Record<string, unknown> = {};

const jaegerTraces = async (operation: string): Promise<JaegerTrace[]> => {
  const q = new URLSearchParams({ service: 'mystocks-backend', operation, limit: '10000', lookback: '1h' });
  const r = await fetch(`http://127.0.0.1:${ports.query}/api/traces?${q}`);
  return ((await r.json()) as { data: JaegerTrace[] | null }).data ?? [];
};
const idsOf = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([id, on]) => ({ id: id!, sampled: on === '1' }));

beforeAll(async () => {
  dir = await tempDir('mon-jaeger-');
  const names = ['prometheus', 'app', 'query', 'queryGrpc', 'otlpGrpc', 'otlpHttp', 'health', 'metrics', 'spanMetrics'];
  ports = {};
  for (const n of names) ports[n] = await freePort();
  app = `http://127.0.0.1:${ports.app}`;
  const { prometheus: p, app: a, ...j } = ports;
  await writeFile(
    join(dir.path, 'monitoring.yaml'),
    `apiVersion: mon/v1
project: mystocks
prometheus: {port: ${p}, scrapeInterval: 1s, evaluationInterval: 1s}
alertmanager: {enabled: false}
exporters: {node: {enabled: false}}
tracing:
  backend: jaeger
  jaeger: {storage: memory, maxTraces: 20000, ports: {${Object.entries(j)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}}
services:
  - name: mystocks-backend
    runtime: python
    targets: ["127.0.0.1:${a}"]
    metricPrefix: mystocks_
    tracing: {sampler: parentbased_traceidratio, ratio: ${RATIO}}
alerts:
  packs:
    tracing: {rules: {TracedServiceHighErrorRate: {for: 5s}}}
    business: {service: mystocks-backend}
`,
  );
  // for the Prometheus these tests start: Debian's, on PATH (startPrometheus)
  const gen = await mon(['generate', '-f', 'monitoring.yaml', '-o', 'out'], { cwd: dir.path, env: LINES[0]!.env });
  expect(gen.exitCode, gen.stderr).toBe(0);
  const specFile = join(dir.path, 'monitoring.yaml');
  jaeger = normalize(loadSpec(await readFile(specFile, 'utf8'), specFile).spec, specFile).jaeger;
  const out = join(dir.path, 'out');
  procs.push(await startJaeger(join(out, 'jaeger'), `http://127.0.0.1:${ports.health}/status`));
  // before any application runs, the spans-arriving check must fail (it can see the fault)
  figures.spansBeforeApp = (await jaegerSpansArriving(jaeger)).status;
  procs.push(
    await startPrometheus(join(out, 'prometheus', 'prometheus.yml'), ports.prometheus!, join(dir.path, 'prom-data')),
  );
  // the SDK's batch delay (OTEL_BSP_SCHEDULE_DELAY, default 5000 ms) shortened so that spans leave sooner; sampling is the env file's
  procs.push(
    await startApp(join(out, 'tracing', 'mystocks-backend.env'), ports.app!, { OTEL_BSP_SCHEDULE_DELAY: '200' }),
  );
}, 120_000);

afterAll(async () => {
  for (const p of procs.reverse()) await p.stop();
  await dir?.cleanup();
  console.log(`jaeger e2e figures: ${JSON.stringify(figures)}`);
});

describe('real traces: MyStocks app -> Jaeger v2 -> Prometheus', () => {
  it('the generated env makes the SDK sample root requests at 0.1 within 4 sigma, and exactly the sampled traces reach Jaeger with their child spans', async () => {
    const file = join(dir.path, 'root-ids.txt');
    const load = await runLoad(app, [
      '--requests',
      String(N),
      '--concurrency',
      '8',
      '--mix',
      'search=1',
      '--trace-ids',
      file,
    ]);
    expect(load.status).toEqual({ '200': N });
    const ids = await idsOf(file);
    const sampled = ids.filter((i) => i.sampled).map((i) => i.id);
    figures.sampling = {
      N,
      sampled: sampled.length,
      fraction: sampled.length / N,
      expected: N * RATIO,
      sigma: +SIGMA.toFixed(2),
      bound4sigma: [Math.ceil(N * RATIO - BOUND), Math.floor(N * RATIO + BOUND)],
    };
    expect(Math.abs(sampled.length - N * RATIO)).toBeLessThanOrEqual(BOUND);

    // every sampled trace, and nothing else, is stored: wait until Jaeger holds as many as were sampled
    const traces = await eventually('Jaeger holds every sampled trace', async () => {
      const t = await jaegerTraces('GET /api/stocks/search');
      return t.length >= sampled.length ? t : undefined;
    });
    expect(new Set(traces.map((t) => t.traceID))).toEqual(new Set(sampled));
    // child spans follow their parent: each trace is the server span plus its "db" child, no orphans
    for (const t of traces) {
      expect(t.spans.map((s) => s.operationName).sort()).toEqual(['GET /api/stocks/search', 'SELECT quotes']);
      const root = t.spans.find((s) => s.operationName === 'GET /api/stocks/search')!;
      const child = t.spans.find((s) => s.operationName === 'SELECT quotes')!;
      expect(root.references).toEqual([]);
      expect(child.references).toEqual([{ refType: 'CHILD_OF', traceID: t.traceID, spanID: root.spanID }]);
    }
    // and an unsampled trace is not there at all
    for (const { id } of ids.filter((i) => !i.sampled).slice(0, 25)) {
      const r = await fetch(`http://127.0.0.1:${ports.query}/api/traces/${id}`);
      expect(r.status).toBe(404);
    }
  });

  it('a remote parent decides: sampled parents are always recorded, unsampled never (parentbased)', async () => {
    const on = join(dir.path, 'parent-on.txt');
    const off = join(dir.path, 'parent-off.txt');
    const a = await runLoad(app, [
      '--requests',
      '200',
      '--concurrency',
      '4',
      '--mix',
      'health=1',
      '--parent',
      'sampled',
      '--trace-ids',
      on,
    ]);
    const b = await runLoad(app, [
      '--requests',
      '200',
      '--concurrency',
      '4',
      '--mix',
      'health=1',
      '--parent',
      'unsampled',
      '--trace-ids',
      off,
    ]);
    expect([a.sampled, b.sampled]).toEqual([200, 0]);
    figures.parentBased = { sampledParent: `${a.sampled}/200`, unsampledParent: `${b.sampled}/200` };
    const traces = await eventually('Jaeger holds the 200 traces of sampled parents', async () => {
      const t = await jaegerTraces('GET /api/health');
      return t.length >= 200 ? t : undefined;
    });
    // every sampled parent's trace is there and no unsampled one (earlier tests' health checks may be there too)
    const got = new Set(traces.map((t) => t.traceID));
    const onIds = (await idsOf(on)).map((i) => i.id);
    expect(onIds.filter((id) => !got.has(id))).toEqual([]);
    expect((await idsOf(off)).map((i) => i.id).filter((id) => got.has(id))).toEqual([]);
    for (const t of traces.filter((x) => onIds.includes(x.traceID)))
      expect(t.spans.map((s) => s.operationName).sort()).toEqual(['GET /api/health', 'PING quotes']);
  });

  it("Jaeger's span metrics reach Prometheus under the connector's names, counting exactly the sampled spans", async () => {
    const stored = (await jaegerTraces('GET /api/stocks/search')).length;
    const calls = await eventually(
      'traces_span_metrics_calls_total in Prometheus',
      async () => {
        const r = await promQuery(
          ports.prometheus!,
          'sum(traces_span_metrics_calls_total{job="jaeger-spanmetrics",service_name="mystocks-backend",span_name="GET /api/stocks/search",span_kind="SPAN_KIND_SERVER"})',
        );
        return r.length && Number(r[0]!.value[1]) === stored ? Number(r[0]!.value[1]) : undefined;
      },
      90_000,
    );
    expect(calls).toBe(stored);
    const buckets = await promQuery(
      ports.prometheus!,
      'count(traces_span_metrics_duration_seconds_bucket{job="jaeger-spanmetrics",service_name="mystocks-backend"})',
    );
    expect(Number(buckets[0]?.value[1] ?? 0)).toBeGreaterThan(0);
    // Jaeger's own telemetry: what the TracesNotReceived rule reads
    const accepted = await promQuery(
      ports.prometheus!,
      'sum(otelcol_receiver_accepted_spans_total{job="jaeger",receiver="otlp"})',
    );
    expect(Number(accepted[0]?.value[1] ?? 0)).toBeGreaterThanOrEqual(2 * stored);
    // the app's own metrics, scraped from the same real requests
    const requests = await promQuery(
      ports.prometheus!,
      'sum(mystocks_http_requests_total{job="mystocks-backend",endpoint="/api/stocks/search",status="200"})',
    );
    expect(Number(requests[0]?.value[1])).toBe(N);
  });

  it("a failing endpoint makes the tracing pack's error-rate alert fire on real span metrics", async () => {
    const rules = parse(
      await readFile(join(dir.path, 'out', 'prometheus', 'rules', 'mystocks_tracing_alerts.yml'), 'utf8'),
    ) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    const rule = rules.groups[0]!.rules.find((r) => r.alert === 'TracedServiceHighErrorRate')!;
    expect(rule.expr).toContain('traces_span_metrics_calls_total');
    // before: only healthy traffic, so the condition is false (the check can tell)
    expect(await promQuery(ports.prometheus!, rule.expr)).toEqual([]);

    // sampled remote parents, so that every failing request is traced: 3 in 4 requests fail
    const load = await runLoad(app, [
      '--requests',
      '400',
      '--concurrency',
      '4',
      '--mix',
      'fail=3,search=1',
      '--parent',
      'sampled',
      '--seed',
      '2',
    ]);
    expect(Number(load.status['500'])).toBeGreaterThan(250);
    const active = await eventually(
      'the error-rate condition holds',
      async () => {
        const r = await promQuery(ports.prometheus!, rule.expr);
        return r.length ? r : undefined;
      },
      90_000,
    );
    expect(active.map((r) => r.metric.service_name)).toEqual(['mystocks-backend']);
    figures.errorRate = Number(active[0]!.value[1]);
    const alert = await eventually(
      'TracedServiceHighErrorRate firing',
      async () => {
        const body = (await (await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/alerts`)).json()) as {
          data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
        };
        return body.data.alerts.find(
          (x) => x.labels.alertname === 'TracedServiceHighErrorRate' && x.state === 'firing',
        );
      },
      60_000,
    );
    expect(alert.labels).toMatchObject({ service_name: 'mystocks-backend', severity: 'critical' });
  });

  it('trace round trip against the real Jaeger query API (measured)', async () => {
    const lat: number[] = [];
    for (let i = 0; i < 20; i++) {
      const traceId = [...crypto.getRandomValues(new Uint8Array(16))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      const start = performance.now();
      const r = await fetch(`${app}/api/stocks/search?q=6000`, {
        headers: { traceparent: `00-${traceId}-${'1'.repeat(16)}-01` },
      });
      expect(r.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      await eventually(
        `trace ${traceId} in Jaeger`,
        async () =>
          (await fetch(`http://127.0.0.1:${ports.query}/api/v3/traces/${traceId}`)).status === 200 ? true : undefined,
        30_000,
        20,
      );
      lat.push(performance.now() - start);
    }
    lat.sort((x, y) => x - y);
    figures.appRoundTripMs = {
      n: lat.length,
      min: Math.round(lat[0]!),
      median: Math.round(lat[10]!),
      max: Math.round(lat[19]!),
      sdkBatchDelayMs: 200,
    };
    expect(lat).toHaveLength(20);
  });

  it("verify's Jaeger checks pass against the real Jaeger, and fail where they should", async () => {
    expect(figures.spansBeforeApp).toBe('fail');
    expect((await jaegerReady(jaeger)).status).toBe('pass');
    expect((await jaegerSpansArriving(jaeger)).status).toBe('pass');
    const lat: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await jaegerTraceRoundTrip(jaeger, 30_000, 10);
      expect(r.status, r.details).toBe('pass');
      lat.push(r.latencyMs!);
    }
    lat.sort((x, y) => x - y);
    figures.otlpRoundTripMs = { n: lat.length, min: lat[0], median: lat[10], max: lat[19], pollMs: 10 };
    // a query port nothing serves: the round trip fails and says where it looked
    const wrong = await jaegerTraceRoundTrip(
      { ...jaeger, hostPorts: { ...jaeger.hostPorts, query: await freePort() } },
      1000,
    );
    expect(wrong.status).toBe('fail');
    expect(wrong.details).toMatch(
      /^trace [0-9a-f]{32} not found at http:\/\/127\.0\.0\.1:\d+\/api\/v3\/traces\/[0-9a-f]{32} within 1s \(connection refused\)$/,
    );
  });
});
