import { composeSecretName } from '../../model/conventions.js';
import type { Model, Secret } from '../../model/types.js';
import type { KubeModel } from './model.js';

/**
 * Every name the kubernetes target emits, in one place: files under kubernetes/, resource names,
 * labels, the Secrets `mon deploy` creates, the operator's service names.
 */
export const KUBE_DIR = 'kubernetes';
export const kubeFiles = {
  namespace: `${KUBE_DIR}/namespace.yaml`,
  prometheus: `${KUBE_DIR}/prometheus.yaml`,
  alertmanager: `${KUBE_DIR}/alertmanager.yaml`,
  scrape: (job: string) => `${KUBE_DIR}/scrape/${job}.yaml`,
  rule: (group: string) => `${KUBE_DIR}/rules/${group}.yaml`,
  datasources: `${KUBE_DIR}/grafana/datasources.yaml`,
  dashboard: (uid: string) => `${KUBE_DIR}/grafana/dashboards/${uid}.yaml`,
  tempo: `${KUBE_DIR}/tempo.yaml`,
  nodeExporter: `${KUBE_DIR}/node-exporter.yaml`,
  kpsValues: `${KUBE_DIR}/kube-prometheus-stack-values.yaml`,
} as const;

/** DNS-1123 label: what a resource name may be (rule groups use `_`, job names anything). */
export const dnsName = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '') || 'x';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const PART_OF = 'app.kubernetes.io/part-of';
export const NAME_LABEL = 'app.kubernetes.io/name';
/** the label kube-prometheus-stack's Prometheus selects monitors, rules and scrape configs by */
export const KPS_RELEASE_LABEL = 'release';

/** The labels on every resource mon emits: `mon deploy` prunes, and `mon down` deletes, by the first two. */
export function commonLabels(model: Model): Record<string, string> {
  const k = kube(model);
  return {
    [MANAGED_BY]: 'mon',
    [PART_OF]: model.project,
    ...(k.mode === 'kube-prometheus-stack' ? { [KPS_RELEASE_LABEL]: k.release } : {}),
  };
}
export const pruneSelector = (project: string) => `${MANAGED_BY}=mon,${PART_OF}=${project}`;

/** The Secret `mon deploy` creates from the environment and files: every `{env}`/`{file}` reference, one key each. */
export const SECRETS_SECRET = 'mon-secrets';
/** The Secret named by Alertmanager.spec.configSecret: the generated alertmanager.yml, created at deploy time. */
export const ALERTMANAGER_CONFIG_SECRET = 'mon-alertmanager-config';
/** the key prometheus-operator reads the Alertmanager configuration from */
export const ALERTMANAGER_CONFIG_KEY = 'alertmanager.yaml';
/** where Alertmanager (and Tempo) see mon-secrets: the `*_file` paths of the generated configs */
export const SECRETS_MOUNT = '/etc/mon/secrets';
export const secretKeyOf = (s: Secret) => composeSecretName(s);
export const secretMountPath = (s: Secret) => `${SECRETS_MOUNT}/${secretKeyOf(s)}`;
/** a scrape job's basic-auth username: the ScrapeConfig CRD takes it only as a Secret key */
export const usernameKey = (job: string) => `username-${job.replace(/[^-._a-zA-Z0-9]+/g, '_')}`;

/** prometheus-operator's governing Services (one per namespace with a Prometheus / Alertmanager). */
export const OPERATED = { prometheus: 'prometheus-operated', alertmanager: 'alertmanager-operated' } as const;
export const PROMETHEUS_SA = 'mon-prometheus';

/** Grafana's sidecar (k8s-sidecar) picks up ConfigMaps by these labels; the folder by annotation. */
export const GRAFANA_SIDECAR = {
  dashboardLabel: 'grafana_dashboard',
  datasourceLabel: 'grafana_datasource',
  folderAnnotation: 'grafana_folder',
} as const;

/** kube-prometheus-stack's fullname (its _helpers.tpl "kube-prometheus-stack.fullname": the release name if it contains the chart name, else release-chart; cut at 26, trailing - trimmed). */
export const kpsFullname = (release: string) =>
  (release.includes('kube-prometheus-stack') ? release : `${release}-kube-prometheus-stack`)
    .slice(0, 26)
    .replace(/-+$/, '');

/** The resource names: the CRs after the project; the operator names pods prometheus-<name>-0, alertmanager-<name>-0. */
export function resourceNames(model: Model) {
  const k = kube(model);
  const kps = k.mode === 'kube-prometheus-stack';
  const full = kpsFullname(k.release);
  return {
    prometheus: kps ? `${full}-prometheus` : dnsName(model.project),
    alertmanager: kps ? `${full}-alertmanager` : dnsName(model.project),
    /** the StatefulSets the operator creates (rollout status), and the Services port-forward reaches */
    prometheusSts: kps ? `prometheus-${full}-prometheus` : `prometheus-${dnsName(model.project)}`,
    alertmanagerSts: kps ? `alertmanager-${full}-alertmanager` : `alertmanager-${dnsName(model.project)}`,
    prometheusService: kps ? `${full}-prometheus` : OPERATED.prometheus,
    alertmanagerService: kps ? `${full}-alertmanager` : OPERATED.alertmanager,
    grafanaService: kps ? `${k.release}-grafana` : 'grafana',
  };
}

export function kube(model: Model): KubeModel {
  if (!model.kubernetes) throw new Error('the kubernetes target needs model.kubernetes');
  return model.kubernetes;
}
