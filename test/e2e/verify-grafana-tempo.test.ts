import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mon, tempDir } from '../helpers/cli.js';
import { grafanaStandin, type GrafanaStandinOptions, tempoStandin } from '../helpers/standins.js';

/** Grafana and Tempo cannot run here: verify talks to stand-ins that answer like their APIs. */
let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

const DATASOURCES = [
  { uid: 'prometheus', type: 'prometheus' },
  { uid: 'alertmanager', type: 'alertmanager' },
  { uid: 'tempo', type: 'tempo' },
];
const DASHBOARDS = ['backend-monitoring', 'api-overview', 'system-resources', 'tracing', 'alerts'];

async function run(grafana: Partial<GrafanaStandinOptions>, tempoOpts: { ingest?: boolean } = {}, args: string[] = [], before?: (otlpPort: number) => Promise<void>) {
  const g = await grafanaStandin({ password: 'pw', datasources: DATASOURCES, dashboards: DASHBOARDS, ...grafana });
  const t = await tempoStandin(tempoOpts);
  try {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      `apiVersion: mon/v1\nproject: gt\nservices: [{name: api, runtime: python, targets: ["127.0.0.1:1"]}]\ngrafana: {adminPassword: {env: GF_PW}}\ntempo: {ports: {otlpHttp: ${t.otlp.port}}}\n`,
    );
    await before?.(t.otlp.port);
    const r = await mon(['verify', '-f', spec, '--stack-dir', join(tmp.path, 'none'), '--grafana-url', g.url, '--tempo-url', t.api.url, '--json', ...args], { env: { GF_PW: 'pw' } });
    return { r, checks: Object.fromEntries((JSON.parse(r.stdout).checks as Array<{ id: string; status: string; details?: string }>).map((c) => [c.id, c])) };
  } finally {
    await g.close();
    await t.close();
  }
}

const span = async (port: number) => {
  await fetch(`http://127.0.0.1:${port}/v1/traces`, {
    method: 'POST',
    body: JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'x' }] }] }] }),
  });
};

describe('verify: Grafana and Tempo', () => {
  it('passes against healthy APIs, with a trace round trip; Prometheus checks are skipped (no URL given)', async () => {
    const { r, checks } = await run({}, {}, ['--trace'], span);
    for (const id of ['grafana.ready', 'grafana.datasources', 'grafana.dashboards', 'tempo.ready', 'tempo.echo', 'tempo.spans', 'trace.roundtrip']) expect(checks[id]?.status, `${id}: ${checks[id]?.details}`).toBe('pass');
    expect(checks['grafana.dashboards']!.details).toBe('backend-monitoring, api-overview, system-resources, tracing, alerts');
    expect(checks['trace.roundtrip']!.details).toMatch(/^trace [0-9a-f]{32} read back after \d+ ms$/);
    expect(checks['prometheus.ready']).toMatchObject({ status: 'skip', details: 'prometheus: no URL given for it' });
    expect(checks['tempo.scraped']).toMatchObject({ status: 'skip' });
    expect(r.exitCode).toBe(0);
  });

  it('names an unhealthy datasource, a dashboard not provisioned, one missing', async () => {
    const { r, checks } = await run({ unhealthy: ['prometheus'], unprovisioned: ['alerts'], dashboards: DASHBOARDS.filter((d) => d !== 'tracing') });
    expect(r.exitCode).toBe(4);
    expect(checks['grafana.datasources']!.details).toBe('datasource prometheus: HTTP 400 from http://127.0.0.1:' + checks['grafana.datasources']!.details!.split('http://127.0.0.1:')[1]!.split('/')[0] + '/api/datasources/uid/prometheus/health: {"status":"ERROR","message":"Post \\"http://127.0.0.1:1/api/v1/query\\": dial tcp: connection refused"}');
    expect(checks['grafana.dashboards']!.details).toMatch(/^dashboard tracing: HTTP 404 from .*\/api\/dashboards\/uid\/tracing: \{"message":"Dashboard not found"\}\ndashboard alerts exists but was not provisioned from files$/);
  });

  it('says when the Grafana credentials are refused, and when a datasource is missing', async () => {
    const { checks } = await run({ password: 'other', datasources: DATASOURCES });
    expect(checks['grafana.datasources']!.details).toMatch(/HTTP 401 from .*\/api\/datasources: \{"message":"invalid username or password"\}/);
    const missing = await run({ datasources: DATASOURCES.filter((d) => d.uid !== 'tempo') });
    expect(missing.checks['grafana.datasources']!.details).toBe('datasource tempo is not provisioned');
  });

  it('fails when Tempo has received no span, and when it refuses one', async () => {
    const { r, checks } = await run({}, { ingest: false }, ['--trace']);
    expect(r.exitCode).toBe(4);
    expect(checks['tempo.spans']!.details).toBe('no span received yet: do the applications load an OTEL_* environment and export over OTLP?');
    expect(checks['trace.roundtrip']!.details).toMatch(/^Tempo refused the span: http:\/\/127\.0\.0\.1:\d+\/v1\/traces: HTTP 404/);
  });
});
