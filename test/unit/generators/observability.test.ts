import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateAll } from '../../../src/generators/index.js';
import { files } from '../../../src/model/conventions.js';
import { normalize } from '../../../src/model/normalize.js';
import { loadSpec } from '../../../src/spec/load.js';
import type { VerifyContext } from '../../../src/verify/context.js';
import { otlpTracesUrl } from '../../../src/verify/trace.js';

const gen = async (extra: string) => {
  const spec = `apiVersion: mon/v1\nproject: shop\nservices:\n  - {name: api, runtime: go, targets: ["127.0.0.1:1"], tracing: {sampler: always_on, protocol: grpc}}\n${extra}`;
  const out = await generateAll(normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml'));
  return Object.fromEntries(out.map((a) => [a.path, a.content]));
};

describe('Tempo', () => {
  it('3.x drops the ingester block; S3 keys come from the environment', async () => {
    const out = await gen(
      'tempo:\n  version: "3"\n  storage: {s3: {bucket: traces, endpoint: "minio:9000", insecure: true, accessKey: {env: S3_KEY}, secretKey: {env: S3_SECRET}}}\n',
    );
    const t = parse(out[files.tempoConfig]!);
    expect(t.ingester).toBeUndefined();
    expect(t.storage.trace).toEqual({
      backend: 's3',
      wal: { path: './data/wal' },
      s3: {
        bucket: 'traces',
        endpoint: 'minio:9000',
        insecure: true,
        forcepathstyle: false,
        access_key: '${S3_KEY}',
        secret_key: '${S3_SECRET}',
      },
    });
  });

  it('without the metrics-generator: no remote_write, no processors, no receiver on Prometheus', async () => {
    const spec =
      'apiVersion: mon/v1\nproject: shop\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ntempo: {metricsGenerator: {serviceGraphs: false, spanMetrics: false}}\n';
    const model = normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml');
    expect(model.prometheus.remoteWriteReceiver).toBe(false);
    const t = parse((await generateAll(model)).find((a) => a.path === files.tempoConfig)!.content);
    expect(t.metrics_generator).toBeUndefined();
    expect(t.overrides).toBeUndefined();
  });
});

describe('sampling env', () => {
  it('follows the sampler and protocol', async () => {
    const out = await gen('tempo: {}\n');
    expect(out[files.samplingEnv('api')]!.split('\n').slice(2)).toEqual([
      'OTEL_SERVICE_NAME=api',
      'OTEL_RESOURCE_ATTRIBUTES=deployment.environment=production,service.namespace=shop',
      'OTEL_TRACES_SAMPLER=always_on',
      'OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:14317',
      'OTEL_EXPORTER_OTLP_PROTOCOL=grpc',
      'OTEL_TRACES_EXPORTER=otlp',
      'OTEL_METRICS_EXPORTER=none',
      'OTEL_LOGS_EXPORTER=none',
      '',
    ]);
  });
});

describe('Grafana', () => {
  it('takes the admin password by reference, and escapes $ in provisioning files', async () => {
    const out = await gen(
      'grafana:\n  adminPassword: {file: /run/secrets/gf}\n  prometheusUrl: "https://prom.example.com/$x"\n',
    );
    expect(out[files.grafanaIni]).toContain('admin_password = $__file{/run/secrets/gf}');
    expect(parse(out[files.grafanaDatasources]!).datasources[0].url).toBe('https://prom.example.com/$$x');
    expect(out[files.grafanaDashboardProvider]).toContain('path: ${MON_GRAFANA_DASHBOARDS}');
  });

  it('adapts the backend dashboard to the runtime: Go GC, no Python panels', async () => {
    const out = await gen('grafana: {allowDefaultAdmin: true}\n');
    const d = JSON.parse(out[files.grafanaDashboard('backend-monitoring')]!);
    expect(d.panels.map((p: { title: string }) => p.title)).toEqual([
      'Go Process Memory Usage',
      'Go Process CPU Usage',
      'Go Garbage Collection',
      'Memory Comparison',
      'Go Runtime Information',
    ]);
    expect(d.tags).toEqual(['go', 'backend', 'monitoring']);
    expect(
      Object.keys(out)
        .filter((p) => p.startsWith('grafana/dashboards/'))
        .sort(),
    ).toEqual(['alerts', 'api-overview', 'backend-monitoring', 'system-resources'].map(files.grafanaDashboard));
  });
});

describe('Grafana reads its admin password from the 0600 file mon deploy writes', () => {
  it('on the local target too ($__file, not $__env), relative to its working directory grafana/', async () => {
    const out = await gen('grafana:\n  adminPassword: {env: GF_PW}\n');
    expect(out[files.grafanaIni]).toContain('admin_password = $__file{../secrets/GF_PW}');
    expect(out[files.grafanaIni]).not.toContain('$__env');
  });
});

describe('the trace round trip posts to Tempo, wherever it is', () => {
  const ctx = (tempoUrl: string) =>
    ({
      endpoints: { urls: { tempo: tempoUrl }, absent: {} },
      model: { tempo: { hostPorts: { otlpHttp: 14318 } } },
    }) as unknown as VerifyContext;
  it("--tempo-url's host at the spec's OTLP/HTTP port, or --otlp-url as given", () => {
    expect(otlpTracesUrl(ctx('http://127.0.0.1:13200'))).toBe('http://127.0.0.1:14318/v1/traces');
    expect(otlpTracesUrl(ctx('https://tempo.example.com:3200/'))).toBe('https://tempo.example.com:14318/v1/traces');
    expect(otlpTracesUrl(ctx('http://[::1]:3200'))).toBe('http://[::1]:14318/v1/traces');
    expect(otlpTracesUrl(ctx('http://127.0.0.1:13200'), 'https://otlp.example.com/')).toBe(
      'https://otlp.example.com/v1/traces',
    );
    expect(otlpTracesUrl(ctx('http://127.0.0.1:13200'), 'https://otlp.example.com/v1/traces')).toBe(
      'https://otlp.example.com/v1/traces',
    );
  });
});
