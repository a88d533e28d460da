import { parseAllDocuments } from 'yaml';
import type { Artifact } from '../../artifacts/types.js';
import { formatPath, type SpecPath } from '../../spec/diagnostics.js';
import { type CheckResult, timed } from '../../report/checks.js';
import type { Model } from '../../model/types.js';
import type { LoadedSpec } from '../../spec/load.js';
import { KUBE_DIR, kubeFiles } from './conventions.js';

interface Resource {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
}
interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}
type Validator = (data: unknown) => void;

/**
 * The validators of @kubernetes-models (the JSON schemas of prometheus-operator v0.90.1's CRDs and
 * of Kubernetes' own kinds, compiled), by apiVersion and kind; loaded only here.
 */
const MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  'v1/Namespace': () => import('kubernetes-models/v1/Namespace'),
  'v1/ServiceAccount': () => import('kubernetes-models/v1/ServiceAccount'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Secret': () => import('kubernetes-models/v1/Secret'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'apps/v1/StatefulSet': () => import('kubernetes-models/apps/v1/StatefulSet'),
  'apps/v1/DaemonSet': () => import('kubernetes-models/apps/v1/DaemonSet'),
  'rbac.authorization.k8s.io/v1/ClusterRole': () =>
    import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': () =>
    import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  'monitoring.coreos.com/v1/Prometheus': () =>
    import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus'),
  'monitoring.coreos.com/v1/Alertmanager': () =>
    import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Alertmanager'),
  'monitoring.coreos.com/v1/PrometheusRule': () =>
    import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule'),
  'monitoring.coreos.com/v1/ServiceMonitor': () =>
    import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor'),
  'monitoring.coreos.com/v1/PodMonitor': () =>
    import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor'),
  'monitoring.coreos.com/v1alpha1/ScrapeConfig': () =>
    import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/ScrapeConfig'),
};
export const KNOWN_KINDS = Object.keys(MODULES);

async function validatorFor(apiVersion: string, kind: string): Promise<Validator | undefined> {
  const load = MODULES[`${apiVersion}/${kind}`];
  if (!load) return undefined;
  const Model = (await load())[kind] as new (data: unknown) => { validate(): void };
  return (data) => new Model(data).validate();
}

/** ConfigMaps and Secrets hold at most 1 MiB (etcd's value limit, Kubernetes' ConfigMap docs). */
const MAX_DATA = 1024 * 1024;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** What in the spec a resource comes from: its file under kubernetes/ says. */
export function specPathOf(model: Model, path: string): SpecPath {
  const scrape = /^kubernetes\/scrape\/(.+)\.yaml$/.exec(path);
  if (scrape) {
    const job = model.jobs.find((j) => j.name === scrape[1]);
    // the stack's own jobs (prometheus, alertmanager) come from their section
    return job?.source.length ? job.source : job ? [job.name] : ['services'];
  }
  const rule = /^kubernetes\/rules\/(.+)\.yaml$/.exec(path);
  if (rule) return model.ruleGroups.find((g) => g.name === rule[1])?.rules[0]?.source.slice(0, 3) ?? ['alerts'];
  if (path === kubeFiles.prometheus) return ['prometheus'];
  if (path === kubeFiles.alertmanager) return ['alertmanager'];
  if (path === kubeFiles.tempo) return ['tempo'];
  if (path === kubeFiles.nodeExporter) return ['exporters', 'node'];
  if (path.startsWith(`${KUBE_DIR}/grafana/`)) return path.includes('/dashboards/') ? ['dashboards'] : ['grafana'];
  return ['deploy', 'kubernetes'];
}

/** The problems of one resource: the schema of its kind, names, label values, data sizes. */
async function resourceProblems(r: Resource): Promise<string[]> {
  const out: string[] = [];
  if (!r.apiVersion || !r.kind) return ['no apiVersion or kind'];
  const validate = await validatorFor(r.apiVersion, r.kind);
  if (!validate) out.push(`${r.apiVersion} ${r.kind}: no schema for this kind`);
  else
    try {
      validate(r);
    } catch (e) {
      const errors = ((e as { errors?: AjvError[] }).errors ?? []) as AjvError[];
      if (!errors.length) out.push((e as Error).message);
      for (const x of errors)
        out.push(
          `${x.instancePath || '/'}: ${x.message ?? 'invalid'}${x.params?.additionalProperty ? ` "${String(x.params.additionalProperty)}"` : ''}`,
        );
    }
  const name = r.metadata?.name ?? '';
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) out.push(`/metadata/name: "${name}" is not a DNS-1123 name`);
  for (const [k, v] of Object.entries(r.metadata?.labels ?? {}))
    if (v.length > 63 || !LABEL_VALUE.test(v)) out.push(`/metadata/labels/${k}: "${v}" is not a label value`);
  if (r.kind === 'ConfigMap' || r.kind === 'Secret') {
    const size = Object.values((r.data as Record<string, string> | undefined) ?? {}).reduce(
      (n, v) => n + Buffer.byteLength(v),
      0,
    );
    if (size > MAX_DATA) out.push(`/data: ${size} bytes, more than the 1 MiB a ${r.kind} holds`);
  }
  return out;
}

/** Every resource of every file under kubernetes/, with its file and place. */
export function resourcesOf(artifacts: Artifact[]): Array<{ path: string; index: number; resource: Resource }> {
  return artifacts
    .filter((a) => a.path.startsWith(`${KUBE_DIR}/`) && a.path !== kubeFiles.kpsValues)
    .flatMap((a) =>
      parseAllDocuments(a.content)
        .map((d) => d.toJS() as Resource | null)
        .filter((r): r is Resource => r !== null)
        .map((resource, index) => ({ path: a.path, index, resource })),
    );
}

/** Every problem, located: `kubernetes/scrape/x.yaml ScrapeConfig x /spec/...: ... (monitoring.yaml:12:5 services[0])`. */
export async function manifestProblems(model: Model, artifacts: Artifact[], loaded?: LoadedSpec): Promise<string[]> {
  const out: string[] = [];
  const names = new Map<string, string>();
  for (const { path, resource } of resourcesOf(artifacts)) {
    const id = `${resource.kind}/${resource.metadata?.namespace ?? ''}/${resource.metadata?.name ?? ''}`;
    const where = specPathOf(model, path);
    const pos = loaded ? loaded.doc.position(where) : undefined;
    const at = `${loaded ? `${loaded.file}:${pos!.line}:${pos!.col} ` : ''}${formatPath(where)}`;
    const dup = names.get(id);
    if (dup) out.push(`${path} ${resource.kind} ${resource.metadata?.name}: also emitted by ${dup} (${at})`);
    names.set(id, path);
    for (const p of await resourceProblems(resource))
      out.push(`${path} ${resource.kind} ${resource.metadata?.name ?? ''} ${p} (${at})`);
  }
  return out;
}

export const KUBE_CHECK = [
  'kubernetes.schema',
  'every resource against the prometheus-operator and Kubernetes schemas',
] as const;

export async function kubernetesChecks(p: {
  model: Model;
  artifacts: Artifact[];
  loaded: LoadedSpec;
}): Promise<CheckResult[]> {
  return [
    await timed(...KUBE_CHECK, async () => {
      const count = resourcesOf(p.artifacts).length;
      const problems = await manifestProblems(p.model, p.artifacts, p.loaded);
      return problems.length
        ? { status: 'fail', details: [`${problems.length} problems in ${count} resources`, ...problems].join('\n') }
        : { status: 'pass', details: `${count} resources valid` };
    }),
  ];
}
