import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realAlertmanager } from '../helpers/alertmanager.js';
import { realPrometheus } from '../helpers/prometheus.js';
import { mon, tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/stack.js';
import { grafanaStandin, type GrafanaStandinOptions, tempoStandin } from '../helpers/standins.js';

/**
 * Grafana and Tempo cannot run here: verify talks to stand-ins that answer like their APIs; Grafana's
 * data proxy really forwards, to the Tempo stand-in and to a real Alertmanager.
 */
let tmp: { path: string; cleanup: () => Promise<void> };
let am: { url: string; close: () => Promise<void> };
let prom: { url: string; close: () => Promise<void> };
let realDir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  realDir = await tempDir();
  [am, prom] = await Promise.all([realAlertmanager(realDir.path), realPrometheus(realDir.path)]);
});
afterAll(async () => (await am.close(), await prom.close(), await realDir.cleanup()));
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

const DASHBOARDS = ['backend-monitoring', 'api-overview', 'system-resources', 'tracing', 'alerts'];
type Tempo = Awaited<ReturnType<typeof tempoStandin>>;

interface RunOptions {
  tempo?: { ingest?: boolean; starting?: boolean };
  args?: string[] | ((t: Tempo) => string[]);
  /** before verify runs: send spans, stop a component */
  before?: (t: Tempo) => Promise<void>;
  /** Alertmanager's and Prometheus's URLs as Grafana's datasources have them */
  amUrl?: string;
  promUrl?: string;
  /** the local stack's directory, to create Grafana's data in */
  stackDir?: string;
  spec?: string;
}

async function run(grafana: Partial<GrafanaStandinOptions>, o: RunOptions = {}) {
  const t = await tempoStandin(o.tempo);
  const datasources = [
    { uid: 'prometheus', type: 'prometheus', url: o.promUrl ?? prom.url },
    { uid: 'alertmanager', type: 'alertmanager', url: o.amUrl ?? am.url },
    { uid: 'tempo', type: 'tempo', url: t.api.url },
  ];
  const g = await grafanaStandin({ password: 'pw', datasources, dashboards: DASHBOARDS, ...grafana });
  try {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      o.spec ??
        `apiVersion: mon/v1\nproject: gt\nservices: [{name: api, runtime: python, targets: ["127.0.0.1:1"]}]\ngrafana: {adminPassword: {env: GF_PW}}\ntempo: {ports: {otlpHttp: ${t.otlp.port}}}\n`,
    );
    await o.before?.(t);
    const r = await mon(
      [
        'verify',
        '-f',
        spec,
        '--stack-dir',
        o.stackDir ?? join(tmp.path, 'none'),
        '--grafana-url',
        g.url,
        '--tempo-url',
        t.api.url,
        '--json',
        ...(typeof o.args === 'function' ? o.args(t) : (o.args ?? [])),
      ],
      { env: { GF_PW: 'pw' } },
    );
    return {
      r,
      checks: Object.fromEntries(
        (JSON.parse(r.stdout).checks as Array<{ id: string; status: string; details?: string }>).map((c) => [c.id, c]),
      ),
    };
  } finally {
    await g.close();
    await t.close();
  }
}

/** OTLP/HTTP JSON, as an SDK posts it (the receiver refuses any other content type). */
const post = (port: number, spans: unknown[]) =>
  fetch(`http://127.0.0.1:${port}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans }] }] }),
  });
const span = async (t: Tempo) =>
  void (await post(t.otlp.port, [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'x' }]));

describe('verify: Grafana and Tempo', () => {
  it('passes against healthy APIs, with a trace round trip; Prometheus checks are skipped (no URL given)', async () => {
    const { r, checks } = await run({}, { args: ['--trace'], before: span });
    for (const id of [
      'grafana.ready',
      'grafana.datasources',
      'grafana.dashboards',
      'tempo.ready',
      'tempo.echo',
      'tempo.spans',
      'trace.roundtrip',
    ])
      expect(checks[id]?.status, `${id}: ${checks[id]?.details}`).toBe('pass');
    expect(checks['grafana.dashboards']!.details).toBe(
      'backend-monitoring, api-overview, system-resources, tracing, alerts',
    );
    expect(checks['trace.roundtrip']!.details).toMatch(/^trace [0-9a-f]{32} read back after \d+ ms$/);
    expect(checks['prometheus.ready']).toMatchObject({ status: 'skip', details: 'prometheus: no URL given for it' });
    expect(checks['tempo.scraped']).toMatchObject({ status: 'skip' });
    expect(r.exitCode).toBe(0);
  });

  it('names an unhealthy datasource, a dashboard not provisioned, one missing', async () => {
    const { r, checks } = await run({
      unhealthy: ['prometheus'],
      unprovisioned: ['alerts'],
      dashboards: DASHBOARDS.filter((d) => d !== 'tracing'),
    });
    expect(r.exitCode).toBe(4);
    expect(checks['grafana.datasources']!.details).toBe(
      'datasource prometheus: HTTP 400 from http://127.0.0.1:' +
        checks['grafana.datasources']!.details!.split('http://127.0.0.1:')[1]!.split('/')[0] +
        '/api/datasources/uid/prometheus/health: {"status":"ERROR","message":"Post \\"http://127.0.0.1:1/api/v1/query\\": dial tcp: connection refused"}',
    );
    expect(checks['grafana.dashboards']!.details).toMatch(
      /^dashboard tracing: HTTP 404 from .*\/api\/dashboards\/uid\/tracing: \{"message":"Dashboard not found"\}\ndashboard alerts exists but was not provisioned from files$/,
    );
  });

  it('says when the Grafana credentials are refused, and when a datasource is missing', async () => {
    const { checks } = await run({ password: 'other' });
    // Grafana's real answer (errPasswordAuthFailed): the stand-in used to say {"message":"invalid username or password"}
    expect(checks['grafana.datasources']!.details).toMatch(
      /HTTP 401 from .*\/api\/datasources: \{"message":"Invalid username or password","messageId":"password-auth.failed","statusCode":401,"traceID":""\}$/,
    );
    const g = await grafanaStandin({
      password: 'pw',
      datasources: [
        { uid: 'prometheus', type: 'prometheus', url: prom.url },
        { uid: 'alertmanager', type: 'alertmanager', url: am.url },
      ],
      dashboards: DASHBOARDS,
    });
    try {
      const spec = join(tmp.path, 'm2.yaml');
      await writeFile(
        spec,
        'apiVersion: mon/v1\nproject: gt\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ngrafana: {adminPassword: {env: GF_PW}}\ntempo: {}\n',
      );
      const r = await mon(['verify', '-f', spec, '--grafana-url', g.url, '--json'], { env: { GF_PW: 'pw' } });
      const missing = Object.fromEntries(
        (JSON.parse(r.stdout).checks as Array<{ id: string; details?: string }>).map((c) => [c.id, c]),
      );
      expect(missing['grafana.datasources']!.details).toBe('datasource tempo is not provisioned');
    } finally {
      await g.close();
    }
  });

  it('explains a refused admin password when Grafana already had its database (admin_password applies on first start only)', async () => {
    const stack = join(tmp.path, 'stack');
    await mkdir(join(stack, 'data', 'grafana'), { recursive: true });
    await mkdir(join(stack, 'config'), { recursive: true });
    await writeFile(join(stack, 'data', 'grafana', 'grafana.db'), '');
    await writeFile(join(stack, 'state.json'), JSON.stringify({ target: 'local', components: {} }));
    const { checks } = await run({ password: 'the-first-one' }, { stackDir: stack });
    expect(checks['grafana.datasources']!.details).toContain(
      `\nhint: Grafana applies admin_password only on its first start, and its database ${join(stack, 'data', 'grafana', 'grafana.db')} already existed: if the spec's password changed since, reset it (grafana cli admin reset-admin-password) or remove Grafana's data`,
    );
    // no database yet: no such hint
    const fresh = await run({ password: 'the-first-one' });
    expect(fresh.checks['grafana.datasources']!.details).not.toContain('hint:');
  });

  it('accepts a service-account token, and says when Grafana refuses one', async () => {
    const ok = await run(
      { tokens: ['glsa_mon_verify_0123456789'] },
      { args: ['--grafana-token', 'glsa_mon_verify_0123456789'] },
    );
    expect(ok.checks['grafana.datasources']).toMatchObject({ status: 'pass', details: '3 datasources healthy' });
    const bad = await run({ tokens: ['glsa_mon_verify_0123456789'] }, { args: ['--grafana-token', 'glsa_wrong'] });
    expect(bad.checks['grafana.datasources']!.details).toMatch(
      /HTTP 401 from .*\/api\/datasources: \{"message":"Invalid API key","messageId":"api-key.invalid","statusCode":401,"traceID":""\}$/,
    );
  });

  it("reports Grafana's health check of a Prometheus that does not answer", async () => {
    const closed = await freePort();
    const { checks } = await run({}, { promUrl: `http://127.0.0.1:${closed}` });
    expect(checks['grafana.datasources']!.details).toMatch(
      new RegExp(
        `^datasource prometheus: HTTP 400 from .*/api/datasources/uid/prometheus/health: \\{"status":"ERROR","message":"Post \\\\"http://127.0.0.1:${closed}/api/v1/query\\\\": dial tcp 127.0.0.1:${closed}: connect: connection refused - There was an error returned querying the Prometheus API."\\}$`,
      ),
    );
  });

  it("checks the Alertmanager datasource through Grafana's proxy, never its health endpoint (500 in Grafana)", async () => {
    const up = await run({});
    expect(up.checks['grafana.datasources']).toMatchObject({ status: 'pass', details: '3 datasources healthy' });
    const down = await run({}, { amUrl: 'http://127.0.0.1:1' });
    expect(down.checks['grafana.datasources']!.details).toBe(
      'datasource alertmanager: Alertmanager does not answer through Grafana (api/v2/status: HTTP 502)',
    );
  });

  it("fails when Grafana's proxy cannot reach Tempo (502)", async () => {
    const { checks } = await run({}, { before: (t) => t.api.close() });
    expect(checks['grafana.datasources']!.details).toBe(
      'datasource tempo: Tempo does not answer through Grafana (api/echo: HTTP 502)',
    );
    expect(checks['tempo.ready']!.details).toMatch(/\/ready: connection refused$/);
  });

  it('fails while Tempo is starting (503 on /ready), passes once it is ready', async () => {
    const starting = await run({}, { tempo: { starting: true } });
    expect(starting.checks['tempo.ready']!.details).toMatch(
      /\/ready: HTTP 503 Ingester not ready: waiting for 15s after being ready$/,
    );
    const ready = await run({}, { tempo: { starting: true }, before: async (t) => t.ready() });
    expect(ready.checks['tempo.ready']!.status).toBe('pass');
  });

  it('fails when Tempo has received no span, and when it refuses one', async () => {
    const { r, checks } = await run({}, { tempo: { ingest: false }, args: ['--trace'] });
    expect(r.exitCode).toBe(4);
    expect(checks['tempo.spans']!.details).toBe(
      'no span received yet: do the applications load an OTEL_* environment and export over OTLP?',
    );
    expect(checks['trace.roundtrip']!.details).toMatch(
      /^Tempo refused the span: http:\/\/127\.0\.0\.1:\d+\/v1\/traces: HTTP 404/,
    );
  });

  it("the Tempo stand-in is as strict as Tempo's receiver and distributor", async () => {
    const t = await tempoStandin();
    try {
      const text = await fetch(`http://127.0.0.1:${t.otlp.port}/v1/traces`, { method: 'POST', body: '{}' });
      expect([text.status, await text.text()]).toEqual([
        415,
        '415 unsupported media type, supported: [application/json, application/x-protobuf]',
      ]);
      const noTrace = await post(t.otlp.port, [{ spanId: 'cd'.repeat(8), name: 'x' }]);
      expect([noTrace.status, await noTrace.json()]).toEqual([
        400,
        { code: 3, message: 'trace ids must be 128 bit, received 0 bits' },
      ]);
      const zeroSpan = await post(t.otlp.port, [{ traceId: 'ab'.repeat(16), spanId: '0'.repeat(16), name: 'x' }]);
      expect([zeroSpan.status, await zeroSpan.json()]).toEqual([
        400,
        { code: 3, message: 'span ids must be 64 bit and not all zero, received 64 bits' },
      ]);
      const short = await post(t.otlp.port, [{ traceId: 'ab'.repeat(8), spanId: 'cd'.repeat(8), name: 'x' }]);
      expect([short.status, await short.json()]).toEqual([400, { code: 3, message: 'traceId: invalid length for ID' }]);
    } finally {
      await t.close();
    }
  });

  it('--otlp-url sends the round-trip span where it says, not to the spec port on 127.0.0.1', async () => {
    const closed = await freePort(); // nothing listens there
    const spec = `apiVersion: mon/v1\nproject: gt\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ngrafana: {adminPassword: {env: GF_PW}}\ntempo: {ports: {otlpHttp: ${closed}}}\n`;
    const wrongPort = await run({}, { spec, args: ['--trace'] });
    expect(wrongPort.checks['trace.roundtrip']!.details).toBe(
      `Tempo refused the span: http://127.0.0.1:${closed}/v1/traces: connection refused (its OTLP receiver is elsewhere? give --otlp-url)`,
    );
    const given = await run({}, { spec, args: (t) => ['--trace', '--otlp-url', `http://127.0.0.1:${t.otlp.port}/`] });
    expect(given.checks['trace.roundtrip']!.details).toMatch(/^trace [0-9a-f]{32} read back after \d+ ms$/);
  });
});
