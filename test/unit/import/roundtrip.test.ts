import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareConfigs, formatDifference } from '../../../src/compare/configs.js';
import { compareDashboards } from '../../../src/compare/dashboards.js';
import { importConfigs } from '../../../src/import/index.js';
import { prepare } from '../../../src/pipeline.js';
import { ROOT } from '../../helpers/cli.js';
import { exactGroups, explainedBy, inputSet, prometheusGroups, roundTrip } from '../../helpers/roundtrip.js';

/**
 * The round trip of `mon import` on real configs: import, `mon generate` (the real pipeline),
 * then the generated files compared semantically with the input (src/compare/configs.ts). What
 * differs must be exactly what the import reported as not mapped or adapted.
 */
const SEED = join(ROOT, 'test/fixtures/import/seed-003');

/** A Go module in the module cache (scripts/build-go-tools.sh downloads these), or a loud failure. */
function moduleDir(module: string): string {
  const go = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  const cache =
    process.env.GOMODCACHE || (go.status === 0 ? go.stdout.trim() : '') || join(homedir(), 'go', 'pkg', 'mod');
  const dir = join(cache, module);
  if (!existsSync(dir))
    throw new Error(
      `${dir} is missing: run \`bash scripts/build-go-tools.sh\` (it downloads ${module} into the Go module cache)`,
    );
  return dir;
}
const PROMETHEUS = 'github.com/prometheus/prometheus@v0.316.0';
const ALERTMANAGER = 'github.com/prometheus/alertmanager@v0.35.0';

describe('seed 003: prometheus.yml, alert_rules.yml, alertmanager.yml', () => {
  it('round-trips with no difference: same jobs, targets, rules, routes, receivers', async () => {
    const { result, differences, generated, exact } = await roundTrip([
      join(SEED, 'prometheus.yml'),
      join(SEED, 'alertmanager.yml'),
    ]);
    expect(result.inputs.map((i) => [i.file.replace(`${SEED}/`, ''), i.kind])).toEqual([
      ['prometheus.yml', 'prometheus'],
      ['alertmanager.yml', 'alertmanager'],
      ['alert_rules.yml', 'rules'],
    ]);
    expect(result.counts).toEqual({ services: 5, rules: 7, receivers: 2, routes: 0, dashboards: 0 });
    expect(differences).toEqual([]);
    expect(result.notes.map((n) => `${n.kind} ${n.file.replace(`${SEED}/`, '')} ${n.at}: ${n.message}`)).toEqual([
      "adapted prometheus.yml scrape_configs[job=prometheus]: mon's Prometheus scrapes itself as job prometheus; its targets (localhost:9090) and settings are mon's",
      'adapted alertmanager.yml receivers[slack].slack_configs[0].api_url: the inline secret is a reference now: set the environment variable SLACK_API_URL to it before `mon deploy`',
      'adapted alertmanager.yml inhibit_rules[0]: match/match_re written as matchers (the same selection; Alertmanager deprecates match)',
    ]);
    // the generated side really holds them (not two empty sides)
    expect((generated.prometheus!.scrape_configs as unknown[]).length).toBe(7);
    expect(generated.rules!.flatMap((f) => f.groups as Array<{ name: string }>).map((g) => g.name)).toEqual([
      'system_alerts',
      'application_alerts',
      'service_alerts',
    ]);
    // the groups exactly: names, rule order, expr, for, labels, annotations as written
    expect(exact).toEqual({ groups: 3, rules: 7, exactRules: 7, leftOut: 0, differences: [] });
  });

  it('the comparison sees a changed target, expression, for, route and receiver', async () => {
    const { result, generated } = await roundTrip([join(SEED, 'prometheus.yml'), join(SEED, 'alertmanager.yml')]);
    const input = await inputSet(result);
    const g = structuredClone(generated);
    const jobs = g.prometheus!.scrape_configs as Array<{
      job_name: string;
      static_configs: Array<{ targets: string[] }>;
    }>;
    jobs.find((j) => j.job_name === 'redis')!.static_configs[0]!.targets = ['redis:6380'];
    const rule = (g.rules![0]!.groups as Array<{ rules: Array<{ expr: string; for: string }> }>)[0]!.rules[0]!;
    rule.expr = rule.expr.replace('> 80', '> 81');
    rule.for = '6m';
    (g.alertmanager!.route as { group_wait: string }).group_wait = '11s';
    (
      g.alertmanager!.receivers as Array<{ name: string; webhook_configs?: Array<{ url: string }> }>
    )[0]!.webhook_configs![0]!.url = 'http://127.0.0.1:5002/';
    const diffs = compareConfigs(
      input,
      g,
      {
        groupName: (x) => result.groups[x]!,
        ignoreJobs: ['prometheus'],
        ignorePrometheusKeys: ['alerting'],
      },
      {
        ignoreJobs: ['prometheus', 'alertmanager'],
        ignorePrometheusKeys: ['alerting', 'storage'],
        ignoreJobKeys: ['fallback_scrape_protocol'],
      },
    ).map((d) => formatDifference(d));
    expect(diffs).toEqual([
      'prometheus.jobs.redis.targets.redis:6379: input {}, generated absent',
      'prometheus.jobs.redis.targets.redis:6380: input absent, generated {}',
      'rules.system_alerts/alert:HighCPUUsage.expr: input 100 - (avg by (instance) (irate(node_cpu_seconds_total{mode="idle"}[5m])) * 100) > 80, generated 100 - (avg by (instance) (irate(node_cpu_seconds_total{mode="idle"}[5m])) * 100) > 81',
      'rules.system_alerts/alert:HighCPUUsage.for: input 300000, generated 360000',
      'alertmanager.receivers.web.hook.webhook_configs.0.url: input http://127.0.0.1:5001/, generated http://127.0.0.1:5002/',
      'alertmanager.route.group_wait: input 10000, generated 11000',
    ]);
  });
});

describe('the exact comparison of groups', () => {
  it('sees a changed interval, limit, query_offset, rule order, expr, for, label and annotation', async () => {
    const { result, generated } = await roundTrip([join(SEED, 'alert_rules.yml')]);
    const { stringify } = await import('yaml');
    const groups = generated.rules!.flatMap((f) => prometheusGroups(stringify(f)));
    expect((await exactGroups(result, groups)).differences).toEqual([]);
    const [system, application] = groups;
    system!.interval = '30s';
    system!.limit = 5;
    application!.query_offset = '1m';
    system!.rules.reverse();
    application!.rules[0]!.expr = 'http_request_duration_seconds > 3';
    application!.rules[1]!.for = '6m';
    groups[2]!.rules[0]!.labels.severity = 'warning';
    groups[2]!.rules[1]!.annotations.summary = 'changed';
    const check = await exactGroups(result, groups);
    expect(check.exactRules).toBe(1);
    expect(check.differences.map((d) => d.slice(0, d.indexOf(':') + 1))).toEqual([
      'group system_alerts.interval:',
      'group system_alerts.limit:',
      'group system_alerts.rules[0]:',
      'group system_alerts.rules[2]:',
      'group application_alerts.query_offset:',
      'group application_alerts.rules[0]:',
      'group application_alerts.rules[1]:',
      'group service_alerts.rules[0]:',
      'group service_alerts.rules[1]:',
    ]);
  });
});

describe("mon's own generated files (examples/mystocks/generated)", () => {
  it('round-trip with no difference: 3 services, 24 pack rules, 4 receivers, 4 routes', async () => {
    const d = join(ROOT, 'examples/mystocks/generated');
    const { result, differences } = await roundTrip([
      join(d, 'prometheus/prometheus.yml'),
      join(d, 'alertmanager/alertmanager.yml'),
    ]);
    expect(result.counts).toEqual({ services: 3, rules: 24, receivers: 4, routes: 4, dashboards: 0 });
    expect(differences).toEqual([]);
    expect(result.notes.filter((n) => n.kind === 'unmapped')).toEqual([]);
  });
});

describe('a PrometheusRule manifest', () => {
  it('gives the rules of the same groups as a plain rule file, and round-trips', async () => {
    const manifest = await roundTrip([join(SEED, 'prometheusrule.yaml')]);
    const plain = await roundTrip([join(SEED, 'alert_rules.yml')]);
    expect(manifest.result.inputs.map((i) => i.kind)).toEqual(['prometheusrule']);
    expect(manifest.differences).toEqual([]);
    expect(manifest.result.spec.alerts).toEqual(plain.result.spec.alerts);
    expect(manifest.result.counts.rules).toBe(7);
    expect(manifest.exact).toEqual({ groups: 3, rules: 7, exactRules: 7, leftOut: 0, differences: [] });
  });
});

describe("prometheus-operator's example PrometheusRule manifests (github.com/prometheus-operator/prometheus-operator@v0.85.0)", () => {
  it.each(['example/user-guides/alerting/prometheus-example-rules.yaml', 'example/thanos/prometheus-rule.yaml'])(
    '%s: its group keeps its name, the rule round-trips exactly (no severity added)',
    async (path) => {
      const { result, differences, exact } = await roundTrip([
        join(moduleDir('github.com/prometheus-operator/prometheus-operator@v0.85.0'), path),
      ]);
      expect(result.inputs.map((i) => i.kind)).toEqual(['prometheusrule']);
      expect(result.counts.rules).toBe(1);
      const [raw, group] = Object.entries(result.groups)[0]!;
      expect(raw).toMatch(/^\.\/example(-alert)?\.rules$/);
      expect(group).toBe(raw);
      expect(differences).toEqual([]);
      expect(exact).toEqual({ groups: 1, rules: 1, exactRules: 1, leftOut: 0, differences: [] });
      expect(result.notes).toEqual([]);
    },
  );
});

describe(`the Prometheus Go module's configs and rule files (${PROMETHEUS})`, () => {
  const dir = moduleDir(PROMETHEUS);
  const examples = readdirSync(join(dir, 'documentation/examples'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(dir, 'documentation/examples', f));
  const ruleFiles = [
    ...readdirSync(join(dir, 'rules/fixtures'))
      .filter((f) => f.endsWith('.yaml') && !f.includes('invalid'))
      .map((f) => join(dir, 'rules/fixtures', f)),
    join(dir, 'cmd/promtool/testdata/rules.yml'),
  ];

  it.each([...examples, ...ruleFiles].map((f) => [f.slice(dir.length + 1), f]))(
    '%s: every difference is one the import reported',
    async (_name, file) => {
      const { result, differences, exact } = await roundTrip([file]);
      const unexplained = differences.filter((d) => !explainedBy(d, result));
      expect(unexplained).toEqual([]);
      // a rule file's groups come back exactly
      expect(exact.differences).toEqual([]);
      expect(exact.exactRules).toBe(exact.rules);
    },
  );

  it('maps what the spec can hold and reports the rest: the figures over the whole set', async () => {
    const n = {
      inputJobs: 0,
      services: 0,
      ownJobs: 0,
      inputRules: 0,
      rules: 0,
      exactRules: 0,
      differences: 0,
      unmapped: 0,
    };
    for (const f of [...examples, ...ruleFiles]) {
      const { result, differences, exact } = await roundTrip([f]);
      n.exactRules += exact.exactRules;
      const input = await inputSet(result);
      n.inputJobs += ((input.prometheus?.scrape_configs as unknown[] | undefined) ?? []).length;
      n.services += result.counts.services;
      n.ownJobs += result.ownJobs.length;
      n.inputRules += (input.rules ?? [])
        .flatMap((r) => (r.groups as Array<{ rules: unknown[] }>) ?? [])
        .flatMap((g) => g.rules).length;
      n.rules += result.counts.rules;
      n.differences += differences.length;
      n.unmapped += result.notes.filter((x) => x.kind === 'unmapped').length;
    }
    // documentation/examples scrape by service discovery, which the spec does not hold (reported per job);
    // every rule of the rule files is imported, and comes back exactly (group interval and limit too)
    expect(n).toEqual({
      inputJobs: 44,
      services: 1,
      ownJobs: 15,
      inputRules: 60,
      rules: 60,
      exactRules: 60,
      differences: 30,
      unmapped: 34,
    });
  });
});

describe(`the Alertmanager Go module's doc/examples/simple.yml (${ALERTMANAGER})`, () => {
  it('round-trips every receiver and the whole route tree; templates and tracing are reported', async () => {
    const { result, differences } = await roundTrip([join(moduleDir(ALERTMANAGER), 'doc/examples/simple.yml')]);
    expect(result.counts).toEqual({ services: 0, rules: 0, receivers: 5, routes: 7, dashboards: 0 });
    expect(differences).toEqual([
      'alertmanager.templates: input ["/etc/alertmanager/template/*.tmpl"], generated absent',
      'alertmanager.tracing: input {"endpoint":"localhost:4317","insecure":true,"sampling_fraction":1}, generated absent',
    ]);
    expect(result.notes.filter((n) => n.kind === 'unmapped').map((n) => `${n.at}: ${n.message}`)).toEqual([
      "templates: notification templates: the spec has none (receivers use Alertmanager's default texts)",
      'tracing: the spec has no setting for tracing; left out',
    ]);
  });
});

describe("Grafana dashboards: mon's own generated dashboards (examples/mystocks/generated)", () => {
  it('round-trip panel by panel: titles, types, queries, legends, units and variables', async () => {
    const dir = join(ROOT, 'examples/mystocks/generated/grafana/dashboards');
    const files = readdirSync(dir).map((f) => join(dir, f));
    const result = await importConfigs(files);
    expect(result.counts.dashboards).toBe(5);
    const tmp = await mkdtemp(join(tmpdir(), 'mon-dash-'));
    try {
      await writeFile(join(tmp, 'monitoring.yaml'), result.yaml);
      const p = await prepare(join(tmp, 'monitoring.yaml'), 'local');
      const differences: string[] = [];
      for (const f of files) {
        const input = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
        const uid = `imported-${String(input.uid)}`;
        const out = p.artifacts.find((a) => a.path === `grafana/dashboards/${uid}.json`);
        expect(out, uid).toBeDefined();
        for (const d of compareDashboards(input, JSON.parse(out!.content)))
          differences.push(`${uid}: ${d.path}: input ${JSON.stringify(d.a)}, generated ${JSON.stringify(d.b)}`);
      }
      // the service graph (a nodeGraph panel on Tempo) is the one panel the spec has no type for, as reported
      expect(differences.map((d) => d.slice(0, d.indexOf(', generated')))).toEqual([
        'imported-tracing: panels.Service graph: input {"type":"nodeGraph","queries":[],"unit":""}',
      ]);
      expect(result.notes.filter((n) => n.kind === 'unmapped').map((n) => `${n.at}: ${n.message}`)).toEqual([
        'panels[Service graph]: a nodeGraph panel: the spec has time series, stat, table, gauge and bar gauge panels',
      ]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
