import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../../src/model/conventions.js';
import { checkAmConfig, routesTest } from '../../src/tools/amtool.js';
import { checkConfig, checkRules } from '../../src/tools/promtool.js';
import { mon, readTree, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine, type VersionLine } from '../helpers/lines.js';

/**
 * Golden tests through the real pipeline: test/golden/<case>/monitoring.yaml -> expected/, and
 * examples/mystocks -> generated/. UPDATE_GOLDEN=1 rewrites the expected trees.
 */
const update = process.env.UPDATE_GOLDEN === '1';
const GOLDEN = join(ROOT, 'test/golden');
const cases = (await readdir(GOLDEN, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.includes('@')).map((d) => d.name);
/**
 * [name, spec, expected tree, lines]: a local spec is generated for each version line (the line's
 * binaries decide the version); `expected/` is the Debian line's output and `<expected>@<version>/`
 * holds only the files that differ on another line. A Compose spec runs the pinned images: one line.
 */
const trees: Array<[name: string, spec: string, expected: string, lines: VersionLine[]]> = [
  ...cases.map((c) => [c, join(GOLDEN, c, 'monitoring.yaml'), join(GOLDEN, c, 'expected'), c === 'compose' || c.startsWith('kubernetes') ? [] : LINES] as [string, string, string, VersionLine[]]),
  ['examples/mystocks', join(ROOT, 'examples/mystocks/monitoring.yaml'), join(ROOT, 'examples/mystocks/generated'), LINES],
  ['examples/platform', join(ROOT, 'examples/platform/monitoring.yaml'), join(ROOT, 'examples/platform/generated'), LINES],
  ['examples/chronoretrace', join(ROOT, 'examples/chronoretrace/monitoring.yaml'), join(ROOT, 'examples/chronoretrace/generated'), LINES],
];
const overlayDir = (name: string, expected: string, l: VersionLine) => (name.startsWith('examples/') ? join(GOLDEN, `${name.replace('/', '-')}@${l.prometheus}`) : `${expected}@${l.prometheus}`);
type Cell = [title: string, name: string, spec: string, expected: string, overlayLine: VersionLine | undefined, line: VersionLine | undefined];
const cells: Cell[] = trees.flatMap(([name, spec, expected, lines]): Cell[] =>
  lines.length ? lines.map((l, i): Cell => [`${name} on ${l.name}`, name, spec, expected, i === 0 ? undefined : l, l]) : [[name, name, spec, expected, undefined, undefined]],
);

/** Runs `fn` with the line's binaries chosen, as MON_*_VERSION does for the CLI. */
async function onLine<T>(l: VersionLine | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, l?.env ?? {});
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(l?.env ?? {})) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
}

let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => (tmp = await tempDir()));
afterAll(() => tmp.cleanup());

describe.each(cells)('golden: %s', (title, name, spec, expectedDir, overlayLine, line) => {
  const overlay = overlayLine ? overlayDir(name, expectedDir, overlayLine) : undefined;
  const expectedTree = async () => ({ ...(await readTree(expectedDir)), ...(overlay ? await readTree(overlay) : {}) });
  const out = () => join(tmp.path, title.replace(/[^\w.@-]+/g, '_'));

  it('generates exactly the committed tree', async () => {
    if (line) requireLine(line);
    const r = await mon(['generate', '-f', spec, '--out', out()], { env: line?.env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);
    if (update && !overlay) {
      await rm(expectedDir, { recursive: true, force: true });
      await mkdir(expectedDir, { recursive: true });
      await cp(out(), expectedDir, { recursive: true });
    }
    if (update && overlay) {
      // only what differs from the first line's tree
      await rm(overlay, { recursive: true, force: true });
      const base = await readTree(expectedDir);
      for (const [path, content] of Object.entries(await readTree(out()))) {
        if (base[path] === content) continue;
        await mkdir(dirname(join(overlay, path)), { recursive: true });
        await writeFile(join(overlay, path), content);
      }
    }
    expect(await readTree(out())).toEqual(await expectedTree());
  });

  it('is accepted by the real amtool', () =>
    onLine(line, async () => {
      const tree = await readTree(out());
      if (!tree[files.alertmanagerConfig]) return expect(tree[files.prometheusConfig]).not.toContain('alertmanagers:');
      const r = await checkAmConfig(files.alertmanagerConfig, out());
      expect(r.stdout, r.stderr).toContain('SUCCESS');
      expect(r.exitCode).toBe(0);
    }));

  it('is accepted by the real promtool', () =>
    onLine(line, async () => {
      const config = await checkConfig(files.prometheusConfig, out());
      expect(config.stdout + config.stderr).toContain('SUCCESS');
      expect(config.exitCode).toBe(0);
      const ruleFiles = Object.keys(await readTree(join(out(), 'prometheus/rules'))).map((f) => `prometheus/rules/${f}`);
      if (ruleFiles.length) {
        const rules = await checkRules(ruleFiles, out());
        expect(rules.exitCode, rules.stderr).toBe(0);
      }
    }));
});

describe('examples/mystocks', () => {
  it('has the 8 rules of the verification report and the 16 of the optimisation guide, in four groups', async () => {
    const tree = await readTree(join(ROOT, 'examples/mystocks/generated/prometheus/rules'));
    const { parse } = await import('yaml');
    const groups = Object.entries(tree).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, t]) => t).flatMap((t) => (parse(t) as { groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for: string; labels: Record<string, string> }> }> }).groups);
    expect(groups.map((g) => [g.name, g.rules.length])).toEqual([
      ['mystocks_backend_alerts', 7],
      ['mystocks_business_alerts', 8],
      ['mystocks_system_alerts', 1],
      ['mystocks_tracing_alerts', 8],
    ]);
    const rules = Object.fromEntries(groups.flatMap((g) => g.rules).map((r) => [r.alert, r]));
    expect(rules.BackendHighMemoryUsage).toMatchObject({ expr: 'process_resident_memory_bytes{job="mystocks-backend"} > 1073741824', for: '5m', labels: { severity: 'warning', service: 'mystocks-backend' } });
    expect(rules.BackendCriticalMemoryUsage).toMatchObject({ expr: 'process_resident_memory_bytes{job="mystocks-backend"} > 2147483648', for: '2m', labels: { severity: 'critical' } });
    expect(rules.BackendHighCPUUsage).toMatchObject({ expr: 'rate(process_cpu_seconds_total{job="mystocks-backend"}[5m]) > 0.8', for: '5m' });
    expect(rules.BackendServiceDown).toMatchObject({ expr: 'up{job="mystocks-backend"} == 0', for: '1m', labels: { severity: 'critical' } });
    expect(rules.BackendExcessiveGarbageCollection).toMatchObject({ expr: 'rate(python_gc_collections_total{job="mystocks-backend",generation="0"}[5m]) > 10', for: '5m' });
    expect(rules.BackendMemoryLeakDetected).toMatchObject({ expr: 'rate(python_gc_objects_uncollectable_total{job="mystocks-backend"}[10m]) > 0', for: '10m' });
    expect(rules.BackendVirtualMemoryHigh).toMatchObject({ expr: 'process_virtual_memory_bytes{job="mystocks-backend"} > 3221225472', for: '5m' });
    expect(rules.HighHTTPErrorRate).toMatchObject({
      expr: 'sum(rate(mystocks_http_requests_total{status=~"5.."}[5m])) / sum(rate(mystocks_http_requests_total[5m])) > 0.05',
      labels: { severity: 'critical' },
    });
    expect(rules.SlowDatabaseQueries!.expr).toBe('histogram_quantile(0.95, sum by (le) (rate(mystocks_db_query_duration_seconds_bucket[5m]))) > 5');
    expect(rules.LowCacheHitRate!.expr).toContain('< 0.8');
    expect(rules.TracedServiceHighErrorRate).toMatchObject({ for: '5m', labels: { severity: 'critical' } });
    expect(rules.NodeMemoryHigh).toMatchObject({
      expr: '(1 - node_memory_MemAvailable_bytes{job="node"} / node_memory_MemTotal_bytes{job="node"}) * 100 > 90',
      for: '5m',
      labels: { severity: 'warning' },
    });
  });

  it('scrapes the backend every 15s with the seed params and labels, the rest every 30s', async () => {
    const { parse } = await import('yaml');
    const tree = await readTree(join(ROOT, 'examples/mystocks/generated/prometheus'));
    const config = parse(tree['prometheus.yml']!);
    expect(config.global).toEqual({ scrape_interval: '30s', scrape_timeout: '10s', evaluation_interval: '30s', external_labels: { cluster: 'main' } });
    expect(config.scrape_configs.find((j: { job_name: string }) => j.job_name === 'mystocks-backend')).toEqual({
      job_name: 'mystocks-backend',
      scrape_interval: '15s',
      params: { format: ['prometheus'] },
      static_configs: [{ targets: ['127.0.0.1:8000'], labels: { component: 'backend', service: 'mystocks-api' } }],
    });
  });
});

describe('examples/mystocks notifications', () => {
  const dir = join(ROOT, 'examples/mystocks/generated');

  it('routes critical alerts to Slack, DingTalk and e-mail, warnings to on-call (amtool)', async () => {
    expect(await routesTest(files.alertmanagerConfig, { alertname: 'BackendServiceDown', severity: 'critical' }, dir)).toEqual(['slack-critical', 'dingtalk', 'email-ops']);
    expect(await routesTest(files.alertmanagerConfig, { alertname: 'BackendHighMemoryUsage', severity: 'warning' }, dir)).toEqual(['oncall']);
  });

  it('has the inhibit rule, DingTalk through the bridge, and secrets only as files', async () => {
    const { parse } = await import('yaml');
    const tree = await readTree(dir);
    const am = parse(tree[files.alertmanagerConfig]!);
    expect(am.inhibit_rules).toEqual([{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'instance'] }]);
    const byName = Object.fromEntries(am.receivers.map((r: { name: string }) => [r.name, r]));
    expect(byName.dingtalk.webhook_configs).toEqual([{ url: 'http://127.0.0.1:18060/dingtalk/dingtalk/send', send_resolved: true }]);
    expect(byName['slack-critical'].slack_configs[0].api_url_file).toBe('/run/secrets/slack_webhook_url');
    expect(byName['email-ops'].email_configs[0].auth_password_file).toBe('/run/secrets/smtp_password');
    expect(parse(tree[files.dingtalkConfig]!)).toEqual({
      timeout: '5s',
      targets: { dingtalk: { url: '<secret env:DINGTALK_WEBHOOK_URL>', secret: '<secret env:DINGTALK_SECRET>' } },
    });
    expect(parse(tree[files.prometheusConfig]!).alerting).toEqual({ alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: ['127.0.0.1:19093'] }] }] });
  });
});

describe('examples/mystocks Grafana and Tempo', () => {
  const dir = join(ROOT, 'examples/mystocks/generated');

  it('has four datasources with stable uids, Tempo wired to Prometheus and Loki', async () => {
    const { parse } = await import('yaml');
    const tree = await readTree(dir);
    const ds = parse(tree[files.grafanaDatasources]!).datasources as Array<{ uid: string; type: string; isDefault?: boolean; jsonData?: Record<string, { datasourceUid?: string }> }>;
    expect(ds.map((d) => [d.uid, d.type])).toEqual([
      ['prometheus', 'prometheus'],
      ['alertmanager', 'alertmanager'],
      ['tempo', 'tempo'],
      ['loki', 'loki'],
    ]);
    expect(ds[0]!.isDefault).toBe(true);
    expect(ds[2]!.jsonData).toMatchObject({ serviceMap: { datasourceUid: 'prometheus' }, tracesToMetrics: { datasourceUid: 'prometheus' }, tracesToLogsV2: { datasourceUid: 'loki' }, nodeGraph: { enabled: true } });
  });

  it("has the five dashboards, the backend one with the seed's five panels", async () => {
    const tree = await readTree(dir);
    expect(Object.keys(tree).filter((p) => p.startsWith('grafana/dashboards/')).sort()).toEqual(
      ['alerts', 'api-overview', 'backend-monitoring', 'system-resources', 'tracing'].map(files.grafanaDashboard),
    );
    const d = JSON.parse(tree[files.grafanaDashboard('backend-monitoring')]!);
    expect(d).toMatchObject({ uid: 'backend-monitoring', refresh: '5s', time: { from: 'now-1h', to: 'now' }, tags: ['python', 'backend', 'monitoring'] });
    expect(d.panels.map((p: { title: string }) => p.title)).toEqual([
      'Python Process Memory Usage',
      'Python Process CPU Usage',
      'Python Garbage Collection',
      'Memory Comparison',
      'Python Runtime Information',
    ]);
    expect(d.templating.list.map((v: { name: string }) => v.name)).toEqual(['job', 'instance']);
  });

  it('has Tempo with 24h retention and the generator on, and 10% parent-based sampling', async () => {
    const { parse } = await import('yaml');
    const tree = await readTree(dir);
    const t = parse(tree[files.tempoConfig]!);
    expect(t.compactor.compaction.block_retention).toBe('24h');
    expect(t.overrides.defaults.metrics_generator.processors).toEqual(['service-graphs', 'span-metrics']);
    expect(t.metrics_generator.storage.remote_write).toEqual([{ url: 'http://127.0.0.1:19090/api/v1/write', send_exemplars: true }]);
    // the local target: OTLP binds 127.0.0.1 like every other local listener (was 0.0.0.0, issue 14)
    expect(t.distributor.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '127.0.0.1:14317' }, http: { endpoint: '127.0.0.1:14318' } });
    const env = tree[files.samplingEnv('mystocks-backend')]!;
    expect(env).toContain('OTEL_TRACES_SAMPLER=parentbased_traceidratio\nOTEL_TRACES_SAMPLER_ARG=0.1\n');
    const prom = parse(tree[files.prometheusConfig]!);
    expect(prom.scrape_configs.map((j: { job_name: string }) => j.job_name)).toContain('tempo');
  });
});

describe('Compose target (test/golden/compose: the MyStocks spec with deploy.target compose)', () => {
  const dir = join(GOLDEN, 'compose/expected');

  it('has the seed limits, healthchecks, flags, the Tempo init container, and secrets each service alone can read', async () => {
    const { parse } = await import('yaml');
    const c = parse((await readTree(dir))[files.composeFile]!);
    expect(Object.keys(c.services).sort()).toEqual(['alertmanager', 'dingtalk', 'grafana', 'loki', 'node-exporter', 'prometheus', 'secrets-init', 'tempo', 'tempo-init']);
    expect(c.services.prometheus.deploy.resources).toEqual({ limits: { memory: '2G', cpus: 1 }, reservations: { memory: '512M' } });
    expect(c.services.tempo.deploy.resources).toEqual({ limits: { memory: '1G' }, reservations: { memory: '256M' } });
    expect(c.services.prometheus.command).toEqual(expect.arrayContaining(['--web.enable-remote-write-receiver', '--web.enable-lifecycle', '--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus']));
    expect(c.services.prometheus.healthcheck.test).toEqual(['CMD', 'wget', '-qO-', 'http://localhost:9090/-/ready']);
    // issue 14: Tempo 2.8's image has busybox under /busybox, Loki's too; Grafana's is Alpine (was: no healthcheck)
    expect(c.services.tempo.healthcheck.test).toEqual(['CMD', '/busybox/wget', '-qO-', 'http://localhost:3200/ready']);
    expect(c.services.loki.healthcheck.test).toEqual(['CMD', '/busybox/wget', '-qO-', 'http://localhost:3100/ready']);
    expect(c.services.grafana.healthcheck.test).toEqual(['CMD', 'wget', '-qO-', 'http://localhost:3000/api/health']);
    expect(c.services.tempo.depends_on['tempo-init']).toEqual({ condition: 'service_completed_successfully' });
    expect(c.services['tempo-init'].entrypoint).toEqual(['chown', '-R', '10001:10001', '/var/tempo']);
    expect(c.services.grafana.depends_on.prometheus).toEqual({ condition: 'service_healthy' });
    // issue 14: file secrets were bind-mounted 0600 with the host's owner, unreadable to the images' users;
    // secrets-init copies each service's into its own volume (test/e2e/compose-secrets.test.ts runs it)
    expect(c.secrets).toBeUndefined();
    expect(c.services['secrets-init'].volumes).toEqual([
      '/run/secrets/slack_webhook_url:/in/file_run_secrets_slack_webhook_url:ro',
      '/run/secrets/smtp_password:/in/file_run_secrets_smtp_password:ro',
      './secrets/GRAFANA_ADMIN_PASSWORD:/in/GRAFANA_ADMIN_PASSWORD:ro',
      './secrets/dingtalk.yml:/in/dingtalk.yml:ro',
      'secrets-alertmanager:/out/alertmanager',
      'secrets-grafana:/out/grafana',
      'secrets-dingtalk:/out/dingtalk',
    ]);
    for (const s of ['alertmanager', 'grafana', 'dingtalk']) {
      expect(c.services[s].volumes, s).toContain(`secrets-${s}:/run/secrets:ro`);
      expect(c.services[s].depends_on['secrets-init'], s).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(c.services.prometheus.volumes).not.toContain('secrets-prometheus:/run/secrets:ro'); // it reads none here
    // the bridge reads its resolved config from its secrets; verify probes it on 127.0.0.1:18060
    expect(c.services.dingtalk.command).toEqual(['--config.file=/run/secrets/dingtalk.yml', '--web.listen-address=:8060']);
    expect(c.services.dingtalk.ports).toEqual(['127.0.0.1:18060:8060']);
    expect(c.services.loki.volumes).toEqual(['./loki/loki.yaml:/etc/loki/loki.yaml:ro', 'loki-data:/loki']);
    expect(Object.values(c.services).every((s: any) => (s.image as string).match(/:[\w.-]+$/) && !(s.image as string).endsWith(':latest'))).toBe(true);
    expect(c.version).toBeUndefined();
  });

  it('Tempo 3.0 with Loki and S3 passes them too (test/golden/tempo3 with --target compose)', async () => {
    const r = await mon(['validate', '-f', join(GOLDEN, 'tempo3/monitoring.yaml'), '--target', 'compose']);
    expect(r.stdout).toMatch(/ok {3}compose-schema +valid/);
    expect(r.stdout).toMatch(/ok {3}compose-config +docker(-| )compose -f docker-compose.yml config -q/);
    expect(r.exitCode).toBe(0);
  });

  it('passes the compose-spec schema and docker-compose config -q (mon validate --target compose)', async () => {
    const r = await mon(['validate', '-f', join(GOLDEN, 'compose/monitoring.yaml')]);
    expect(r.stdout).toMatch(/ok {3}compose-schema +valid/);
    expect(r.stdout).toMatch(/ok {3}compose-config +docker-compose -f docker-compose.yml config -q|ok {3}compose-config +docker compose -f docker-compose.yml config -q/);
    expect(r.exitCode).toBe(0);
  });
});

describe('examples/chronoretrace', () => {
  it("has seed 004's five rules, and two SLOs with page and ticket burn-rate alerts and an SLO dashboard", async () => {
    const { parse } = await import('yaml');
    const tree = await readTree(join(ROOT, 'examples/chronoretrace/generated'));
    const groups = Object.entries(tree)
      .filter(([p]) => p.startsWith('prometheus/rules/'))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([, t]) => (parse(t) as { groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string; for?: string }> }> }).groups);
    expect(groups.map((g) => g.name)).toEqual([
      'chronoretrace_anomaly_alerts',
      'chronoretrace_backend_alerts',
      'chronoretrace_capacity_alerts',
      'chronoretrace_custom_rules',
      'chronoretrace_escalation_rules',
      'chronoretrace_slo_chronoretrace_backend_availability',
      'chronoretrace_slo_chronoretrace_backend_latency',
      'chronoretrace_system_alerts',
    ]);
    const custom = groups.find((g) => g.name === 'chronoretrace_custom_rules')!.rules;
    expect(custom.map((r) => [r.alert, r.for])).toEqual([
      ['HighAPILatency', '5m'],
      ['HighAPIErrorRate', '2m'],
      ['SlowDatabaseQueries', '3m'],
      ['LowCacheHitRate', '10m'],
      ['DataSourceUnavailable', '1m'],
    ]);
    const slo = groups.find((g) => g.name === 'chronoretrace_slo_chronoretrace_backend_availability')!.rules;
    expect(slo.filter((r) => r.alert).map((r) => r.alert)).toEqual([
      'ChronoretraceBackendAvailabilityBudgetBurnPage',
      'ChronoretraceBackendAvailabilityBudgetBurnTicket',
    ]);
    expect(slo.filter((r) => r.record).length).toBe(14);
    expect(slo[0]!.expr).toBe(
      '1 - (sum(rate(api_request_total{job="chronoretrace-backend",status_code!~"5.."}[5m])) / sum(rate(api_request_total{job="chronoretrace-backend"}[5m])))',
    );
    const dashboard = JSON.parse(tree['grafana/dashboards/slo.json']!);
    expect(dashboard.title).toBe('chronoretrace: SLOs');
    expect(tree['prometheus/tests/chronoretrace_slo_chronoretrace_backend_latency.test.yml']).toContain('evaluation_interval: 15m');
    const escalation = groups.find((g) => g.name === 'chronoretrace_escalation_rules')!.rules;
    expect(escalation.map((r) => [r.alert, r.for])).toEqual([
      ['DataSourceUnavailableEscalated1', '5m'],
      ['DataSourceUnavailableEscalated2', '30m'],
      ['Route1Escalated1', '2h'],
    ]);
    expect(escalation[0]!.expr).toBe(
      'label_replace(max without (alertstate) (ALERTS{alertname="DataSourceUnavailable",alertstate="firing",escalation_tier=""}), "escalated_alert", "$1", "alertname", "(.*)")',
    );
    const capacity = groups.find((g) => g.name === 'chronoretrace_capacity_alerts')!.rules;
    expect(capacity.map((r) => r.alert ?? r.record)).toEqual([
      'NodeFilesystemWillFillUp',
      'NodeMemoryWillRunOut',
      'capacity:db_connection_pool:seconds_to_full',
      'DbConnectionPoolWillReachLimit',
    ]);
    expect(capacity[3]!.expr).toBe('predict_linear((db_connection_pool_usage{pool_name="default"})[6h:1m], 14400) >= 0.9');
    // the tiers route first, to their receiver only
    const am = parse(tree['alertmanager/alertmanager.yml']!);
    expect(am.route.routes.slice(0, 3)).toEqual([
      { receiver: 'management', matchers: ['escalation="rule-DataSourceUnavailable"', 'escalation_tier="1"'] },
      { receiver: 'cto', matchers: ['escalation="rule-DataSourceUnavailable"', 'escalation_tier="2"'] },
      { receiver: 'management', matchers: ['escalation="route-1"', 'escalation_tier="1"'] },
    ]);
  });
});
