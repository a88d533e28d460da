import { basename } from 'node:path';
import { enabledPacks } from '../packs/index.js';
import { renderPack } from '../packs/render.js';
import type { PackContext } from '../packs/types.js';
import { parseDuration } from '../spec/duration.js';
import type { Spec } from '../spec/types.js';
import { alertmanagerModel, secret } from './alertmanager.js';
import { defaultPorts, jobs } from './conventions.js';
import { type Component, place, type Target, targetFor, urlFor } from './placement.js';
import { customRules } from './custom-rules.js';
import { dashboardsModel, generatorOn, grafanaModel, sectionEnabled, tempoModel } from './observability.js';
import { defaults, defaultTimeout } from './defaults.js';
import { remoteWriteModel } from './remote-write.js';
import type { Model, RuleGroup, ScrapeJob, Service } from './types.js';
import { type Line, resolveVersion, type Version } from './versions.js';

/**
 * Spec (validated) -> model: every default filled in, every reference resolved. Pure: `found` is
 * the version of each binary the local target will run, when the caller looked (src/tools).
 */
export function normalize(spec: Spec, specFile: string, target: Target = (spec.deploy?.target as Target | undefined) ?? 'local', found: Partial<Record<Line, Version>> = {}): Model {
  const p = spec.prometheus ?? {};
  const at = (component: Component, hostPort: number) => place(target, component, hostPort);
  const prometheus = {
    scrapeInterval: p.scrapeInterval ?? defaults.prometheus.scrapeInterval,
    scrapeTimeout: defaultTimeout(p.scrapeTimeout, p.scrapeInterval ?? defaults.prometheus.scrapeInterval),
    evaluationInterval: p.evaluationInterval ?? defaults.prometheus.evaluationInterval,
    retention: p.retention ?? defaults.prometheus.retention,
    externalLabels: { ...p.externalLabels },
    ...at('prometheus', p.port ?? defaultPorts.prometheus),
    remoteWriteReceiver: false,
    version: resolveVersion('prometheus', p.version, found.prometheus),
    exemplars: false,
    remoteWrite: remoteWriteModel(p.remoteWrite),
  };
  const tempo = tempoModel(spec, target);
  prometheus.remoteWriteReceiver = p.remoteWriteReceiver ?? generatorOn(tempo);
  // Tempo's metrics-generator sends exemplars (send_exemplars): Prometheus drops them without the feature
  prometheus.exemplars = p.exemplars ?? generatorOn(tempo);
  const loki = { enabled: sectionEnabled(spec.loki), ...at('loki', spec.loki?.port ?? defaultPorts.loki) };
  const alertmanager = alertmanagerModel(spec.notifications, { enabled: spec.alertmanager?.enabled !== false, version: resolveVersion('alertmanager', spec.alertmanager?.version, found.alertmanager), ...at('alertmanager', spec.alertmanager?.port ?? defaultPorts.alertmanager) });
  for (const r of alertmanager.receivers) if (r.webhook) r.webhook.url = urlFor(target, r.webhook.url);
  const usesDingtalk = alertmanager.enabled && alertmanager.receivers.some((r) => r.dingtalk);
  const nodeExporter = { enabled: spec.exporters?.node?.enabled !== false, ...at('node', spec.exporters?.node?.port ?? defaultPorts.node) };

  const own = (name: string, address: string): ScrapeJob => ({
    name,
    targets: [address],
    metricsPath: defaults.service.metricsPath,
    scheme: 'http',
    params: {},
    honorLabels: false,
    labels: {},
    source: [],
  });
  const stackJobs = [own(jobs.prometheus, prometheus.address)];
  if (alertmanager.enabled) stackJobs.push(own(jobs.alertmanager, alertmanager.address));
  if (nodeExporter.enabled) stackJobs.push({ ...own(jobs.node, nodeExporter.address), source: ['exporters', 'node'] });
  if (tempo.enabled) stackJobs.push({ ...own(jobs.tempo, tempo.address), source: ['tempo'] });

  const globalTimeout = parseDuration(prometheus.scrapeTimeout)!;
  const services: Service[] = [];
  const serviceJobs: ScrapeJob[] = spec.services.map((s, i) => {
    const job = s.job ?? s.name;
    services.push({
      name: s.name,
      job,
      runtime: s.runtime ?? defaults.service.runtime,
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
      targets: s.targets.map((t) => targetFor(target, t)),
      metricsPath: s.metricsPath ?? defaults.service.metricsPath,
      scheme: s.scheme ?? defaults.service.scheme,
      params: { ...s.params },
      honorLabels: s.honorLabels ?? false,
      labels: { ...s.labels },
      source: ['services', i],
    };
    if (s.scrapeInterval !== undefined && s.scrapeInterval !== prometheus.scrapeInterval) sj.interval = s.scrapeInterval;
    // Prometheus caps an inherited timeout at the job's interval; say so explicitly in the output.
    const interval = parseDuration(s.scrapeInterval ?? prometheus.scrapeInterval)!;
    if (s.scrapeTimeout !== undefined) sj.timeout = s.scrapeTimeout;
    else if (globalTimeout > interval) sj.timeout = s.scrapeInterval;
    if (s.auth?.basic) sj.auth = { kind: 'basic', username: s.auth.basic.username, password: secret(s.auth.basic.password) };
    else if (s.auth?.bearer) sj.auth = { kind: 'bearer', token: secret(s.auth.bearer) };
    return sj;
  });

  const ctx: PackContext = {
    project: spec.project,
    runbookBaseUrl: spec.alerts?.runbookBaseUrl,
    services: new Map(services.map((s) => [s.name, s])),
    alertmanagerEnabled: alertmanager.enabled,
  };
  const ruleGroups: RuleGroup[] = [
    ...enabledPacks(spec).map(({ pack, section }) => renderPack(pack, section, ctx)),
    ...customRules(spec.project, spec.alerts?.rules ?? [], spec.alerts?.runbookBaseUrl),
  ];

  const resources: Model['resources'] = {};
  for (const c of ['prometheus', 'alertmanager', 'grafana', 'tempo', 'loki'] as const) {
    const r = spec[c]?.resources;
    if (r) resources[c] = r;
  }
  return {
    target,
    resources,
    specName: basename(specFile),
    project: spec.project,
    environment: spec.environment ?? defaults.environment,
    prometheus,
    alertmanager,
    nodeExporter,
    grafana: grafanaModel(spec, prometheus.address, target),
    tempo,
    loki,
    dashboards: dashboardsModel(spec, { tempo, nodeExporter }),
    ...(usesDingtalk ? { dingtalk: at('dingtalk', defaultPorts.dingtalk) } : {}),
    services,
    jobs: [...stackJobs, ...serviceJobs],
    ruleGroups,
  };
}
