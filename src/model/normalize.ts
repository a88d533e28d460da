import { basename } from 'node:path';
import { enabledPacks } from '../packs/index.js';
import { renderPack } from '../packs/render.js';
import type { PackContext } from '../packs/types.js';
import { parseDuration } from '../spec/duration.js';
import type { Spec } from '../spec/types.js';
import { component, COMPONENT_NAMES, type ComponentName, defaultPort, enabledComponents } from '../components/index.js';
import { TARGETS } from '../targets/index.js';
import { alertmanagerModel } from './alertmanager.js';
import { stormInhibit, stormRuleGroup } from '../storm/storm.js';
import { heartbeatGroup } from './heartbeat.js';
import { DEFAULT_STACK_DIR, DEFAULT_VERIFY_TIMEOUT } from './conventions.js';
import type { Target } from './placement.js';
import { secret } from './secret.js';
import { customRules, writtenGroups } from './custom-rules.js';
import { sloRuleGroups } from '../slo/rules.js';
import { capacityRuleGroup } from '../packs/capacity.js';
import { anomalyRuleGroup } from '../packs/anomaly.js';
import { escalationRoutes, escalationRuleGroup } from '../escalation/escalation.js';
import { dashboardsModel, generatorOn, grafanaModel, sectionEnabled, tempoModel } from './observability.js';
import { defaults, defaultTimeout } from './defaults.js';
import { datasources } from './dashboards/datasources.js';
import { dashboardPlans } from './dashboards/presets/index.js';
import { jaegerModel, tracingBackend } from './jaeger.js';
import { remoteWriteModel } from './remote-write.js';
import { kubeModel, kubeScrape } from '../targets/kubernetes/model.js';
import { exportersModel, probeJobs } from './exporters.js';
import type { Model, RuleGroup, ScrapeJob, Service } from './types.js';
import { type Line, resolveVersion, type Version } from './versions.js';

/**
 * Spec (validated) -> model: every default filled in, every reference resolved. Pure: `found` is
 * the version of each binary the local target will run, when the caller looked (src/tools).
 */
export function normalize(
  spec: Spec,
  specFile: string,
  target: Target = (spec.deploy?.target as Target | undefined) ?? 'local',
  found: Partial<Record<Line, Version>> = {},
): Model {
  const p = spec.prometheus ?? {};
  const placement = TARGETS[target].placement;
  const at = (component: ComponentName, hostPort: number) => placement.place(component, 'http', hostPort);
  const prometheus = {
    scrapeInterval: p.scrapeInterval ?? defaults.prometheus.scrapeInterval,
    scrapeTimeout: defaultTimeout(p.scrapeTimeout, p.scrapeInterval ?? defaults.prometheus.scrapeInterval),
    evaluationInterval: p.evaluationInterval ?? defaults.prometheus.evaluationInterval,
    retention: p.retention ?? defaults.prometheus.retention,
    externalLabels: { ...p.externalLabels },
    ...at('prometheus', p.port ?? defaultPort('prometheus')),
    remoteWriteReceiver: false,
    version: resolveVersion('prometheus', p.version, found.prometheus),
    exemplars: false,
    remoteWrite: remoteWriteModel(p.remoteWrite),
  };
  const tempo = tempoModel(spec, placement);
  const jaeger = jaegerModel(spec, placement);
  prometheus.remoteWriteReceiver = p.remoteWriteReceiver ?? generatorOn(tempo);
  // Tempo's metrics-generator sends exemplars (send_exemplars): Prometheus drops them without the feature
  prometheus.exemplars = p.exemplars ?? generatorOn(tempo);
  const loki = { enabled: sectionEnabled(spec.loki), ...at('loki', spec.loki?.port ?? defaultPort('loki')) };
  const alertmanager = alertmanagerModel(
    spec.notifications,
    {
      enabled: spec.alertmanager?.enabled !== false,
      version: resolveVersion('alertmanager', spec.alertmanager?.version, found.alertmanager),
      ...at('alertmanager', spec.alertmanager?.port ?? defaultPort('alertmanager')),
    },
    { hostUrl: placement.hostUrl },
  );
  alertmanager.inhibit.push(...stormInhibit(spec.alerts?.storm));
  // escalation tiers route first: each to its receiver only (src/escalation/)
  alertmanager.route.routes.unshift(...escalationRoutes(spec));
  const usesDingtalk = alertmanager.enabled && alertmanager.receivers.some((r) => r.dingtalk);
  const nodeExporter = {
    enabled: spec.exporters?.node?.enabled !== false,
    ...at('node_exporter', spec.exporters?.node?.port ?? defaultPort('node_exporter')),
  };

  const own = (name: string, address: string, source: ScrapeJob['source'] = []): ScrapeJob => ({
    name,
    targets: [address],
    metricsPath: defaults.service.metricsPath,
    scheme: 'http',
    params: {},
    honorLabels: false,
    labels: {},
    source,
  });

  const globalTimeout = parseDuration(prometheus.scrapeTimeout)!;
  const services: Service[] = [];
  const serviceJobs: ScrapeJob[] = spec.services.map((s, i) => {
    const job = s.job ?? s.name;
    const runtime = s.runtime ?? defaults.service.runtime;
    services.push({
      name: s.name,
      job,
      runtime,
      exposes: [...(s.exposes ?? defaults.service.exposes[runtime])],
      metricPrefix: s.metricPrefix ?? '',
      instance: s.targets[0]!,
      source: ['services', i],
      ...(s.tracing
        ? {
            tracing: {
              sampler: s.tracing.sampler ?? defaults.tracing.sampler,
              ratio: s.tracing.ratio ?? defaults.tracing.ratio,
              protocol: s.tracing.protocol ?? defaults.tracing.protocol,
            },
          }
        : {}),
    });
    const sj: ScrapeJob = {
      name: job,
      targets: s.targets.map(placement.hostAddress),
      metricsPath: s.metricsPath ?? defaults.service.metricsPath,
      scheme: s.scheme ?? defaults.service.scheme,
      params: { ...s.params },
      honorLabels: s.honorLabels ?? false,
      labels: { ...s.labels },
      ...(target === 'kubernetes' && s.kubernetes ? { kubernetes: kubeScrape(s) } : {}),
      source: ['services', i],
    };
    if (s.scrapeInterval !== undefined && s.scrapeInterval !== prometheus.scrapeInterval)
      sj.interval = s.scrapeInterval;
    // Prometheus caps an inherited timeout at the job's interval; say so explicitly in the output.
    const interval = parseDuration(s.scrapeInterval ?? prometheus.scrapeInterval)!;
    if (s.scrapeTimeout !== undefined) sj.timeout = s.scrapeTimeout;
    else if (globalTimeout > interval) sj.timeout = s.scrapeInterval;
    if (s.auth?.basic)
      sj.auth = { kind: 'basic', username: s.auth.basic.username, password: secret(s.auth.basic.password) };
    else if (s.auth?.bearer) sj.auth = { kind: 'bearer', token: secret(s.auth.bearer) };
    return sj;
  });

  const ctx: PackContext = {
    project: spec.project,
    runbookBaseUrl: spec.alerts?.runbookBaseUrl,
    services: new Map(services.map((s) => [s.name, s])),
    alertmanagerEnabled: alertmanager.enabled,
    tracingBackend: tracingBackend(spec),
    datastores: new Map(
      Object.entries(spec.datastores ?? {}).map(([k, d]) => [k, { replication: d?.replication === true }]),
    ),
    tlsProbes: spec.services.some((s) => (s.probes ?? []).some((p) => p.http?.startsWith('https://'))),
  };
  const ruleGroups: RuleGroup[] = [
    ...withLimit(spec.alerts?.limit, [
      ...enabledPacks(spec).map(({ pack, section }) => renderPack(pack, section, ctx)),
      ...customRules(spec.project, spec.alerts?.rules ?? [], spec.alerts?.runbookBaseUrl),
    ]),
    ...writtenGroups(spec.alerts?.groups ?? []),
    ...(alertmanager.enabled && alertmanager.heartbeat ? [heartbeatGroup(spec.project, alertmanager.heartbeat)] : []),
    ...[stormRuleGroup(spec.project, spec.alerts?.storm)].filter((g) => g !== undefined),
    ...sloRuleGroups(spec.project, spec.slos, spec.alerts?.runbookBaseUrl),
    ...[escalationRuleGroup(spec.project, spec)].filter((g) => g !== undefined),
    ...[anomalyRuleGroup(spec.project, spec.anomalies, spec.alerts?.runbookBaseUrl)].filter((g) => g !== undefined),
    ...[capacityRuleGroup(spec.project, spec.capacity, nodeExporter.enabled, spec.alerts?.runbookBaseUrl)].filter(
      (g) => g !== undefined,
    ),
  ];

  const resources: Model['resources'] = {};
  for (const c of COMPONENT_NAMES) {
    const r = component(c).resources?.(spec);
    if (r) resources[c] = r;
  }
  if (spec.tracing?.jaeger?.resources) resources.jaeger = spec.tracing.jaeger.resources;
  const v = spec.verify ?? {};
  const model: Model = {
    target,
    resources,
    deploy: { dir: spec.deploy?.dir ?? DEFAULT_STACK_DIR, optional: [...(spec.deploy?.optional ?? [])] },
    verify: {
      timeoutMs: parseDuration(v.timeout ?? DEFAULT_VERIFY_TIMEOUT)!,
      fireDrill: v.fireDrill ?? false,
      traceRoundTrip: v.traceRoundTrip ?? false,
    },
    specName: basename(specFile),
    project: spec.project,
    environment: spec.environment ?? defaults.environment,
    prometheus,
    alertmanager,
    nodeExporter,
    ...exportersModel(spec, placement),
    grafana: grafanaModel(spec, prometheus.address, placement),
    tempo,
    tracingBackend: tracingBackend(spec),
    jaeger,
    loki,
    dashboards: dashboardsModel(spec, { tempo, nodeExporter }),
    ...(usesDingtalk ? { dingtalk: at('dingtalk', defaultPort('dingtalk')) } : {}),
    services,
    jobs: serviceJobs,
    ruleGroups,
    ...(target === 'kubernetes' ? { kubernetes: kubeModel(spec.deploy?.kubernetes) } : {}),
  };
  // the stack's own jobs first, in table order: every component with a job scrapes its http port
  const stackJobs = enabledComponents(model).flatMap((c) => {
    const spec = component(c);
    const names = [...(spec.job ? [spec.job] : []), ...(spec.extraJobs ?? [])];
    return names.map((j) =>
      own(j, spec.scrapeAddress?.(model, j) ?? spec.place(model).address, STACK_JOB_SOURCE[c] ?? []),
    );
  });
  // then the probes (blackbox_exporter's /probe), an interval shorter than the global timeout capping it as for services
  const probes = probeJobs(model).map((j) =>
    j.interval && parseDuration(j.interval)! < globalTimeout ? { ...j, timeout: j.interval } : j,
  );
  model.jobs = [...stackJobs, ...probes, ...serviceJobs];
  // Computed from the rest of the model: generators and verify read them from here.
  model.grafana.datasources = datasources(model);
  Object.assign(model.dashboards, dashboardPlans(model));
  return model;
}

/** Where in the spec a component's own scrape job comes from, for diagnostics. */
const STACK_JOB_SOURCE: Partial<Record<ComponentName, ScrapeJob['source']>> = {
  node_exporter: ['exporters', 'node'],
  redis_exporter: ['datastores', 'redis'],
  mysqld_exporter: ['datastores', 'mysql'],
  postgres_exporter: ['datastores', 'postgres'],
  cadvisor: ['exporters', 'cadvisor'],
  tempo: ['tempo'],
  jaeger: ['tracing'],
};

/** `alerts.limit`: Prometheus's rule group `limit` on the pack groups and the custom rules' group. */
const withLimit = (limit: number | undefined, groups: RuleGroup[]): RuleGroup[] =>
  limit === undefined ? groups : groups.map((g) => ({ ...g, limit }));
