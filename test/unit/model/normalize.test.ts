import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/model/normalize.js';
import { loadSpec } from '../../../src/spec/load.js';

const model = (yaml: string) => normalize(loadSpec(yaml, 'dir/monitoring.yaml').spec, 'dir/monitoring.yaml');
const base = 'apiVersion: mon/v1\nproject: shop\nservices:\n  - name: api\n    targets: ["127.0.0.1:8080"]\n';

describe('normalize', () => {
  it('fills every default', () => {
    const m = model(base);
    expect(m.specName).toBe('monitoring.yaml');
    expect(m.environment).toBe('production');
    expect(m.prometheus).toEqual({
      scrapeInterval: '30s',
      scrapeTimeout: '10s',
      evaluationInterval: '30s',
      retention: '15d',
      externalLabels: {},
      port: 19090,
      hostPort: 19090,
      listenHost: '127.0.0.1',
      address: '127.0.0.1:19090',
      remoteWriteReceiver: false,
      // no binary looked up (normalize is pure): the pinned version, as for the Compose image
      version: { major: 3, minor: 16, patch: 0, text: '3.16.0' },
      exemplars: false,
      remoteWrite: [],
    });
    expect(m.grafana.enabled).toBe(false);
    expect(m.tempo).toMatchObject({
      enabled: false,
      version: '2',
      retention: '336h',
      serviceGraphs: true,
      spanMetrics: true,
    });
    expect(m.loki.enabled).toBe(false);
    expect(m.target).toBe('local');
    expect(m.alertmanager).toMatchObject({
      enabled: true,
      port: 19093,
      address: '127.0.0.1:19093',
      resolveTimeout: '5m',
    });
    expect(m.alertmanager.receivers).toEqual([{ name: 'default', source: ['notifications'] }]);
    expect(m.alertmanager.route).toMatchObject({
      receiver: 'default',
      groupBy: ['alertname'],
      groupWait: '30s',
      groupInterval: '5m',
      repeatInterval: '4h',
      routes: [],
    });
    expect(m.alertmanager.inhibit).toEqual([
      {
        source: [{ name: 'severity', op: '=', value: 'critical' }],
        target: [{ name: 'severity', op: '=', value: 'warning' }],
        equal: ['alertname', 'instance'],
      },
    ]);
    expect(m.dingtalk).toBeUndefined();
    expect(m.jobs.map((j) => j.name)).toEqual(['prometheus', 'alertmanager', 'node', 'api']);
    expect(m.jobs[3]).toMatchObject({
      metricsPath: '/metrics',
      scheme: 'http',
      honorLabels: false,
      labels: {},
      params: {},
    });
    expect(m.services[0]).toMatchObject({ name: 'api', job: 'api', runtime: 'other', metricPrefix: '' });
    expect(m.ruleGroups).toEqual([]);
  });

  it('caps an inherited scrape timeout at a shorter interval, as Prometheus does', () => {
    const m = model(`${base}    scrapeInterval: 5s\n`);
    expect(m.jobs[3]).toMatchObject({ interval: '5s', timeout: '5s' });
  });

  it('omits a per-job interval equal to the global one', () => {
    expect(model(`${base}    scrapeInterval: 30s\n`).jobs[3]!.interval).toBeUndefined();
  });

  it('drops Alertmanager and node_exporter jobs when disabled', () => {
    const m = model(`${base}alertmanager: {enabled: false}\nexporters: {node: {enabled: false}}\n`);
    expect(m.jobs.map((j) => j.name)).toEqual(['prometheus', 'api']);
  });

  it('resolves secret references without reading them', () => {
    const m = model(`${base}    auth: {basic: {username: u, password: {env: API_PASSWORD}}}\n`);
    expect(m.jobs[3]!.auth).toEqual({ kind: 'basic', username: 'u', password: { kind: 'env', name: 'API_PASSWORD' } });
  });

  it('custom rules get the default severity and the runbook URL', () => {
    const m = model(
      `${base}alerts:\n  runbookBaseUrl: https://rb.example.com/shop/\n  rules:\n    - {alert: QueueBacklog, expr: queue_depth > 1000, for: 5m}\n`,
    );
    expect(m.ruleGroups).toEqual([
      {
        name: 'shop_custom_rules',
        pack: 'custom',
        rules: [
          {
            kind: 'alert',
            alert: 'QueueBacklog',
            expr: 'queue_depth > 1000',
            for: '5m',
            labels: { severity: 'warning' },
            annotations: { runbook_url: 'https://rb.example.com/shop/QueueBacklog' },
            source: ['alerts', 'rules', 0],
            tests: [],
          },
        ],
      },
    ]);
  });
});

describe('custom rule groups', () => {
  it('puts rules in groups by `group:`, in order of first appearance', () => {
    const m = model(
      `${base}alerts:\n  rules:\n    - {alert: A, expr: up == 0}\n    - {group: queues, alert: B, expr: q > 1}\n    - {record: 'job:up:sum', expr: sum by (job) (up)}\n    - {group: queues, alert: C, expr: q > 2}\n`,
    );
    expect(m.ruleGroups.map((g) => [g.name, g.rules.map((r) => (r.kind === 'alert' ? r.alert : r.record))])).toEqual([
      ['shop_custom_rules', ['A', 'job:up:sum']],
      ['shop_queues_rules', ['B', 'C']],
    ]);
  });
});

describe('the Compose target', () => {
  it('places components on the network at their standard ports, published on 127.0.0.1 at the spec ports', () => {
    const m = normalize(
      loadSpec(
        `${base}notifications: {receivers: [{name: hook, webhook: {url: "http://localhost:5001/x"}}]}\ntempo: {}\n`,
        'm.yaml',
      ).spec,
      'm.yaml',
      'compose',
    );
    expect(m.prometheus).toMatchObject({
      address: 'prometheus:9090',
      listenHost: '0.0.0.0',
      port: 9090,
      hostPort: 19090,
    });
    expect(m.nodeExporter).toMatchObject({ address: 'host.docker.internal:19100', port: 19100 });
    expect(m.tempo).toMatchObject({ address: 'tempo:3200', ports: { otlpHttp: 4318 }, hostPorts: { otlpHttp: 14318 } });
    expect(m.jobs.find((j) => j.name === 'api')!.targets).toEqual(['host.docker.internal:8080']);
    expect(m.alertmanager.receivers[0]!.webhook!.url).toBe('http://host.docker.internal:5001/x');
  });
});
