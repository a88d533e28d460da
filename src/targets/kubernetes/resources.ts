import type { IAlertmanager } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Alertmanager';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheus } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IScrapeConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/ScrapeConfig';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { component } from '../../components/index.js';
import { ruleFile } from '../../generators/prometheus/rules.js';
import { files, jobs } from '../../model/conventions.js';
import { externalLabelValue, prometheusFeatures } from '../../model/versions.js';
import type { Model, RemoteWrite, RuleGroup, ScrapeJob, Secret } from '../../model/types.js';
import { receiverSecrets } from '../../receivers/index.js';
import type { Resources } from '../../spec/types.js';
import { containerLayout } from '../compose/layout.js';
import {
  ALERTMANAGER_CONFIG_SECRET,
  commonLabels,
  dnsName,
  GRAFANA_SIDECAR,
  kube,
  NAME_LABEL,
  OPERATED,
  PART_OF,
  PROMETHEUS_SA,
  resourceNames,
  SECRETS_MOUNT,
  SECRETS_SECRET,
  secretKeyOf,
  usernameKey,
} from './conventions.js';

/**
 * The typed resources of the kubernetes target, built from the model. The interfaces are those of
 * @kubernetes-models (the prometheus-operator CRDs of v0.90.1, Kubernetes' own kinds): a field the
 * CRD does not have is a compile error here; their validators check the values (validate.ts).
 */
export type Manifest =
  | INamespace
  | IServiceAccount
  | IClusterRole
  | IClusterRoleBinding
  | IPrometheus
  | IAlertmanager
  | IScrapeConfig
  | IServiceMonitor
  | IPodMonitor
  | IPrometheusRule
  | IConfigMap
  | IService
  | IStatefulSet
  | IDaemonSet;

function meta(model: Model, name: string, extra: Record<string, string> = {}, annotations?: Record<string, string>) {
  return {
    name,
    namespace: kube(model).namespace,
    labels: { ...commonLabels(model), ...extra },
    ...(annotations ? { annotations } : {}),
  };
}

/** Compose-style sizes (2G = 2 GiB, as Docker reads them) as Kubernetes quantities (2Gi). */
export function quantity(size: string): string {
  const m = /^([0-9]+(?:\.[0-9]+)?)([bkmgBKMG]?)$/.exec(size);
  if (!m) return size;
  const power = { '': 0, b: 0, k: 1, m: 2, g: 3 }[m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  const bytes = Number(m[1]) * 1024 ** power;
  for (const [unit, p] of [
    ['Gi', 3],
    ['Mi', 2],
    ['Ki', 1],
  ] as const)
    if (bytes >= 1024 ** p && Number.isInteger(bytes / 1024 ** p)) return `${bytes / 1024 ** p}${unit}`;
  return String(Math.round(bytes));
}

/** resources: limits from memory/cpus, requests from reservations (Compose's deploy.resources, the same spec). */
export function k8sResources(r: Resources | undefined) {
  if (!r) return undefined;
  const limits: Record<string, string> = {};
  if (r.memory) limits.memory = quantity(r.memory);
  if (r.cpus !== undefined) limits.cpu = String(r.cpus);
  const requests: Record<string, string> = {};
  if (r.reservations?.memory) requests.memory = quantity(r.reservations.memory);
  if (r.reservations?.cpus !== undefined) requests.cpu = String(r.reservations.cpus);
  const out: { limits?: Record<string, string>; requests?: Record<string, string> } = {};
  if (Object.keys(limits).length) out.limits = limits;
  if (Object.keys(requests).length) out.requests = requests;
  return Object.keys(out).length ? out : undefined;
}

const secretRef = (key: string) => ({ name: SECRETS_SECRET, key });
const authOf = (job: string, auth: ScrapeJob['auth'] | RemoteWrite['auth']) =>
  auth?.kind === 'basic'
    ? { basicAuth: { username: secretRef(usernameKey(job)), password: secretRef(secretKeyOf(auth.password)) } }
    : auth?.kind === 'bearer'
      ? { authorization: { type: 'Bearer', credentials: secretRef(secretKeyOf(auth.token)) } }
      : {};

const storageOf = (model: Model): Pick<PrometheusSpec, 'storage'> => {
  const s = kube(model).storage;
  return s
    ? {
        storage: {
          volumeClaimTemplate: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(s.storageClass ? { storageClassName: s.storageClass } : {}),
              resources: { requests: { storage: s.size } },
            },
          },
        },
      }
    : {};
};
/** Prometheus's selectors: what carries the project's label (standalone). */
const ownLabel = (model: Model) => ({ matchLabels: { [PART_OF]: model.project } });

export function namespace(model: Model): INamespace {
  const { namespace: _, ...m } = meta(model, kube(model).namespace);
  return { apiVersion: 'v1', kind: 'Namespace', metadata: m };
}

/** The service account, cluster role and binding Prometheus discovers targets with (the operator's documented RBAC). */
export function prometheusRbac(model: Model): [IServiceAccount, IClusterRole, IClusterRoleBinding] {
  const ns = kube(model).namespace;
  const cluster = `mon-${dnsName(model.project)}-prometheus`;
  const { namespace: _, ...clusterMeta } = meta(model, cluster);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(model, PROMETHEUS_SA) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: clusterMeta,
      rules: [
        {
          apiGroups: [''],
          resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: clusterMeta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: cluster },
      subjects: [{ kind: 'ServiceAccount', name: PROMETHEUS_SA, namespace: ns }],
    },
  ];
}

/** The remote_write entries of the Prometheus CR (both modes: in kube-prometheus-stack mode through the values). */
type PrometheusSpec = IPrometheus['spec'];
/** typed: a field the Prometheus CRD's remoteWrite does not have fails to compile */
export const remoteWrites = (model: Model): NonNullable<PrometheusSpec['remoteWrite']> =>
  model.prometheus.remoteWrite.map((w, i) => {
    const relabel = w.writeRelabel?.keep
      ? [{ sourceLabels: ['__name__'], regex: w.writeRelabel.keep, action: 'keep' as const }]
      : w.writeRelabel?.drop
        ? [{ sourceLabels: ['__name__'], regex: w.writeRelabel.drop, action: 'drop' as const }]
        : [];
    const q = w.queue;
    const queue = {
      ...(q.capacity !== undefined ? { capacity: q.capacity } : {}),
      ...(q.minShards !== undefined ? { minShards: q.minShards } : {}),
      ...(q.maxShards !== undefined ? { maxShards: q.maxShards } : {}),
      ...(q.maxSamplesPerSend !== undefined ? { maxSamplesPerSend: q.maxSamplesPerSend } : {}),
      ...(q.batchSendDeadline ? { batchSendDeadline: q.batchSendDeadline } : {}),
      ...(q.minBackoff ? { minBackoff: q.minBackoff } : {}),
      ...(q.maxBackoff ? { maxBackoff: q.maxBackoff } : {}),
    };
    return {
      url: w.url,
      ...(w.name ? { name: w.name } : {}),
      ...authOf(remoteWriteAuthName(w, i), w.auth),
      ...(Object.keys(queue).length ? { queueConfig: queue } : {}),
      ...(w.sendExemplars ? { sendExemplars: true } : {}),
      ...(relabel.length ? { writeRelabelConfigs: relabel } : {}),
    };
  });
/** the username key of a remote write's basic auth: by its name, or its place */
export const remoteWriteAuthName = (w: RemoteWrite, i: number) => `remote-write-${w.name ?? i}`;

/** The settings of the Prometheus CR that follow the spec (standalone CR, or the chart's prometheusSpec). */
export function prometheusSettings(model: Model): PrometheusSpec {
  const p = model.prometheus;
  const resources = k8sResources(model.resources.prometheus);
  const rw = remoteWrites(model);
  return {
    version: `v${p.version.text}`,
    scrapeInterval: p.scrapeInterval,
    scrapeTimeout: p.scrapeTimeout,
    evaluationInterval: p.evaluationInterval,
    retention: p.retention,
    // the operator writes them into prometheus.yml as given: 3.x expands `$` there, so a literal one is `$$`
    ...(Object.keys(p.externalLabels).length
      ? {
          externalLabels: Object.fromEntries(
            Object.entries(p.externalLabels).map(([k, v]) => [k, externalLabelValue(v, p.version)]),
          ),
        }
      : {}),
    ...(p.remoteWriteReceiver ? { enableRemoteWriteReceiver: true } : {}),
    ...(p.exemplars ? { enableFeatures: ['exemplar-storage'] } : {}),
    ...(rw.length ? { remoteWrite: rw } : {}),
    ...(resources ? { resources } : {}),
  };
}

export function prometheus(model: Model): IPrometheus {
  const names = resourceNames(model);
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Prometheus',
    metadata: meta(model, names.prometheus),
    spec: {
      ...prometheusSettings(model),
      replicas: 1,
      serviceAccountName: PROMETHEUS_SA,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
      scrapeConfigSelector: ownLabel(model),
      serviceMonitorSelector: ownLabel(model),
      podMonitorSelector: ownLabel(model),
      ruleSelector: ownLabel(model),
      ...(model.alertmanager.enabled
        ? {
            alerting: {
              alertmanagers: [
                { namespace: kube(model).namespace, name: OPERATED.alertmanager, port: 'web', apiVersion: 'v2' },
              ],
            },
          }
        : {}),
      ...storageOf(model),
    },
  };
}

/** The secrets Alertmanager's generated config reads by `*_file`: mounted from mon-secrets. */
export const alertmanagerSecrets = (model: Model): Secret[] =>
  model.alertmanager.enabled ? model.alertmanager.receivers.flatMap((r) => receiverSecrets(r, 'alertmanager')) : [];

/** mon-secrets mounted at the `*_file` paths (in kube-prometheus-stack mode through the values). */
export const alertmanagerMounts = (model: Model): Pick<IAlertmanager['spec'], 'volumes' | 'volumeMounts'> =>
  alertmanagerSecrets(model).length
    ? {
        volumes: [{ name: SECRETS_SECRET, secret: { secretName: SECRETS_SECRET } }],
        volumeMounts: [{ name: SECRETS_SECRET, mountPath: SECRETS_MOUNT, readOnly: true }],
      }
    : {};

export function alertmanager(model: Model): IAlertmanager {
  const resources = k8sResources(model.resources.alertmanager);
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Alertmanager',
    metadata: meta(model, resourceNames(model).alertmanager),
    spec: {
      version: `v${model.alertmanager.version.text}`,
      replicas: 1,
      configSecret: ALERTMANAGER_CONFIG_SECRET,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
      ...(resources ? { resources } : {}),
      ...alertmanagerMounts(model),
      ...storageOf(model),
    },
  };
}

/** Static labels and the job name of a monitor: relabelings, since monitors derive `job` from the Service. */
const monitorRelabel = (job: ScrapeJob) => [
  { action: 'replace' as const, targetLabel: 'job', replacement: job.name },
  ...Object.entries(job.labels).map(([k, v]) => ({ action: 'replace' as const, targetLabel: k, replacement: v })),
];
type ServiceEndpoint = IServiceMonitor['spec']['endpoints'][number];
type PodEndpoint = NonNullable<IPodMonitor['spec']['podMetricsEndpoints']>[number];
/** The endpoint of a monitor: typed, so a field the CRD does not have there fails to compile. */
const serviceEndpoint = (job: ScrapeJob, port: string): ServiceEndpoint => ({
  port,
  path: job.metricsPath,
  scheme: job.scheme,
  ...(Object.keys(job.params).length ? { params: { ...job.params } } : {}),
  ...(job.interval ? { interval: job.interval } : {}),
  ...(job.timeout ? { scrapeTimeout: job.timeout } : {}),
  ...(job.honorLabels ? { honorLabels: true } : {}),
  ...authOf(job.name, job.auth),
  relabelings: monitorRelabel(job),
});
const podEndpoint = (job: ScrapeJob, port: string): PodEndpoint => ({
  port,
  path: job.metricsPath,
  scheme: job.scheme,
  ...(Object.keys(job.params).length ? { params: { ...job.params } } : {}),
  ...(job.interval ? { interval: job.interval } : {}),
  ...(job.timeout ? { scrapeTimeout: job.timeout } : {}),
  ...(job.honorLabels ? { honorLabels: true } : {}),
  ...authOf(job.name, job.auth),
  relabelings: monitorRelabel(job),
});
const fallback = (model: Model, job: ScrapeJob) =>
  job.source[0] === 'services' && prometheusFeatures(model.prometheus.version).fallbackScrapeProtocol;
/** Prometheus 3 refuses a scrape without a valid Content-Type unless the job names a fallback (a spec-level field of every scrape resource) */
const fallbackOf = (model: Model, job: ScrapeJob) =>
  fallback(model, job) ? { fallbackScrapeProtocol: 'PrometheusText0.0.4' as const } : {};

/** One scrape job: a ScrapeConfig for static targets, a ServiceMonitor or PodMonitor for a Kubernetes selector. */
export function scrape(model: Model, job: ScrapeJob): IScrapeConfig | IServiceMonitor | IPodMonitor {
  const k = job.kubernetes;
  const name = dnsName(job.name);
  if (k) {
    const namespaceSelector = { matchNames: [k.namespace ?? kube(model).namespace] };
    const selector = { matchLabels: { ...k.selector } };
    if (k.kind === 'pod')
      return {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: meta(model, name),
        spec: {
          selector,
          namespaceSelector,
          podMetricsEndpoints: [podEndpoint(job, k.port)],
          ...fallbackOf(model, job),
        },
      };
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta(model, name),
      spec: { selector, namespaceSelector, endpoints: [serviceEndpoint(job, k.port)], ...fallbackOf(model, job) },
    };
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'ScrapeConfig',
    metadata: meta(model, name),
    spec: {
      jobName: job.name,
      staticConfigs: [
        { targets: [...job.targets], ...(Object.keys(job.labels).length ? { labels: { ...job.labels } } : {}) },
      ],
      metricsPath: job.metricsPath,
      scheme: job.scheme === 'https' ? 'HTTPS' : 'HTTP',
      ...(Object.keys(job.params).length ? { params: { ...job.params } } : {}),
      ...(job.interval ? { scrapeInterval: job.interval } : {}),
      ...(job.timeout ? { scrapeTimeout: job.timeout } : {}),
      ...(job.honorLabels ? { honorLabels: true } : {}),
      ...authOf(job.name, job.auth),
      ...fallbackOf(model, job),
    },
  };
}

/**
 * node_exporter (job `node`): standalone runs it as a DaemonSet on the host's network and PID
 * namespace with the host's root mounted, scraped by a PodMonitor; kube-prometheus-stack already
 * runs one (its prometheus-node-exporter subchart), which a ServiceMonitor scrapes as job `node`.
 */
export function nodeExporter(model: Model, job: ScrapeJob): Array<IDaemonSet | IPodMonitor | IServiceMonitor> {
  const k = kube(model);
  const relabelings = monitorRelabel(job);
  if (k.mode === 'kube-prometheus-stack')
    return [
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: meta(model, 'mon-node'),
        spec: {
          selector: { matchLabels: { [NAME_LABEL]: 'prometheus-node-exporter' } },
          namespaceSelector: { matchNames: [k.namespace] },
          endpoints: [{ port: 'http-metrics', relabelings }],
        },
      },
    ];
  const spec = component('node_exporter');
  const place = spec.place(model);
  const select = { [NAME_LABEL]: 'node-exporter', [PART_OF]: model.project };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(model, 'node-exporter', { [NAME_LABEL]: 'node-exporter' }),
      spec: {
        selector: { matchLabels: select },
        template: {
          metadata: { labels: { ...commonLabels(model), ...select } },
          spec: {
            hostNetwork: true,
            hostPID: true,
            securityContext: { runAsNonRoot: true, runAsUser: 65534 },
            containers: [
              {
                name: 'node-exporter',
                image: spec.container.image(model),
                args: spec.flags(model, containerLayout('node_exporter')),
                ports: [{ name: 'metrics', containerPort: place.port }],
                volumeMounts: [
                  {
                    name: 'root',
                    mountPath: spec.container.hostRoot!,
                    readOnly: true,
                    mountPropagation: 'HostToContainer',
                  },
                ],
                ...(k8sResources(model.resources.node_exporter)
                  ? { resources: k8sResources(model.resources.node_exporter) }
                  : {}),
              },
            ],
            volumes: [{ name: 'root', hostPath: { path: '/' } }],
          },
        },
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: meta(model, 'mon-node'),
      spec: {
        selector: { matchLabels: select },
        namespaceSelector: { matchNames: [k.namespace] },
        podMetricsEndpoints: [{ port: 'metrics', relabelings }],
      },
    },
  ];
}

export function prometheusRule(model: Model, group: RuleGroup): IPrometheusRule {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta(model, dnsName(group.name)),
    spec: ruleFile(group) as IPrometheusRule['spec'],
  };
}

/** Grafana's datasources as a ConfigMap its sidecar provisions (label grafana_datasource: "1"). */
export function datasourcesConfigMap(model: Model, content: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(model, `mon-${dnsName(model.project)}-datasources`, { [GRAFANA_SIDECAR.datasourceLabel]: '1' }),
    data: { [`mon-${model.project}-datasources.yaml`]: content },
  };
}

/** One dashboard as a ConfigMap for the sidecar (label grafana_dashboard: "1"), in the project's folder. */
export function dashboardConfigMap(model: Model, uid: string, json: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(
      model,
      dnsName(`mon-dashboard-${uid}`),
      { [GRAFANA_SIDECAR.dashboardLabel]: '1' },
      { [GRAFANA_SIDECAR.folderAnnotation]: model.project },
    ),
    data: { [`${uid}.json`]: json },
  };
}

/**
 * Tempo as plain manifests from the same tempo.yaml: its ConfigMap, a one-replica StatefulSet
 * (the image's user 10001 owns the data volume through fsGroup), a Service with its ports. S3
 * keys come from mon-secrets as environment variables, which Tempo expands (-config.expand-env).
 */
export function tempo(model: Model, config: string): [IConfigMap, IStatefulSet, IService] {
  const spec = component('tempo');
  const at = containerLayout('tempo');
  const select = { [NAME_LABEL]: 'tempo', [PART_OF]: model.project };
  const ports = model.tempo.ports;
  const env = spec
    .secrets(model)
    .filter((s): s is Extract<Secret, { kind: 'env' }> => s.kind === 'env')
    .map((s) => ({ name: s.name, valueFrom: { secretKeyRef: { name: SECRETS_SECRET, key: secretKeyOf(s) } } }));
  const resources = k8sResources(model.resources.tempo);
  const portList = [
    { name: 'http', port: ports.http },
    { name: 'grpc', port: ports.grpc },
    { name: 'otlp-grpc', port: ports.otlpGrpc },
    { name: 'otlp-http', port: ports.otlpHttp },
  ];
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(model, 'tempo', { [NAME_LABEL]: 'tempo' }),
      data: { 'tempo.yaml': config },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(model, 'tempo', { [NAME_LABEL]: 'tempo' }),
      spec: {
        serviceName: 'tempo',
        replicas: 1,
        selector: { matchLabels: select },
        template: {
          metadata: { labels: { ...commonLabels(model), ...select } },
          spec: {
            securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
            containers: [
              {
                name: 'tempo',
                image: spec.container.image(model),
                args: spec.flags(model, at),
                workingDir: spec.container.workingDir!,
                ports: portList.map((p) => ({ name: p.name, containerPort: p.port })),
                readinessProbe: { httpGet: { path: spec.readyPath, port: 'http' }, initialDelaySeconds: 15 },
                ...(env.length ? { env } : {}),
                ...(resources ? { resources } : {}),
                volumeMounts: [
                  { name: 'config', mountPath: at.config(files.tempoConfig), subPath: 'tempo.yaml', readOnly: true },
                  { name: 'data', mountPath: spec.container.data! },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'tempo' } },
              ...(kube(model).storage ? [] : [{ name: 'data', emptyDir: {} }]),
            ],
          },
        },
        ...(kube(model).storage
          ? {
              volumeClaimTemplates: [
                {
                  metadata: { name: 'data' },
                  spec: {
                    accessModes: ['ReadWriteOnce'],
                    ...(kube(model).storage!.storageClass
                      ? { storageClassName: kube(model).storage!.storageClass }
                      : {}),
                    resources: { requests: { storage: kube(model).storage!.size } },
                  },
                },
              ],
            }
          : {}),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(model, 'tempo', { [NAME_LABEL]: 'tempo' }),
      spec: {
        selector: select,
        ports: portList.map((p) => ({ name: p.name, port: p.port, targetPort: p.name })),
      },
    },
  ];
}

/** jobs the kubernetes target scrapes some other way than a ScrapeConfig */
export const isNodeJob = (j: ScrapeJob) => j.name === jobs.node && j.source[0] !== 'services';
