import { parse as parseYaml } from 'yaml';
import type { Artifact } from '../../artifacts/types.js';
import { toYaml } from '../../artifacts/serialize.js';
import { grafanaGenerator } from '../../generators/grafana/provisioning.js';
import { tempoGenerator } from '../../generators/tempo/config.js';
import type { Generator } from '../../generators/types.js';
import { datasourceUids, files, generatedHeader } from '../../model/conventions.js';
import type { Model } from '../../model/types.js';
import { ALERTMANAGER_CONFIG_SECRET, GRAFANA_SIDECAR, kube, kubeFiles, SECRETS_SECRET } from './conventions.js';
import {
  alertmanager,
  alertmanagerMounts,
  dashboardConfigMap,
  datasourcesConfigMap,
  isNodeJob,
  type Manifest,
  namespace,
  nodeExporter,
  prometheus,
  prometheusRbac,
  prometheusRule,
  prometheusSettings,
  scrape,
  tempo,
} from './resources.js';

/** One file of the output tree: its resources as a multi-document YAML stream. */
export interface ManifestFile {
  path: string;
  resources: Manifest[];
}

const header = (model: Model) =>
  `${generatedHeader(model.specName)}\n# Secrets are references only: \`mon deploy -t kubernetes\` creates ${SECRETS_SECRET} and ${ALERTMANAGER_CONFIG_SECRET} from the environment and files.`;

export const manifestText = (model: Model, resources: Manifest[]) =>
  `${header(model)}\n${resources.map((r) => toYaml(r, '---')).join('')}`;

/** kube-prometheus-stack provisions these datasources itself, with these uids (its grafana/configmaps-datasources.yaml) */
const KPS_DATASOURCES: readonly string[] = [datasourceUids.prometheus, datasourceUids.alertmanager];

/**
 * Every resource of the kubernetes target, per file, from the model and the other generators'
 * output (rules, tempo.yaml, Grafana's files): the same content the other targets run.
 */
export async function manifestFiles(model: Model): Promise<ManifestFile[]> {
  const k = kube(model);
  const kps = k.mode === 'kube-prometheus-stack';
  const out: ManifestFile[] = [];
  if (!kps) {
    out.push({ path: kubeFiles.namespace, resources: [namespace(model)] });
    out.push({ path: kubeFiles.prometheus, resources: [...prometheusRbac(model), prometheus(model)] });
    if (model.alertmanager.enabled) out.push({ path: kubeFiles.alertmanager, resources: [alertmanager(model)] });
  }
  for (const job of model.jobs) {
    if (isNodeJob(job)) out.push({ path: kubeFiles.nodeExporter, resources: nodeExporter(model, job) });
    else out.push({ path: kubeFiles.scrape(job.name), resources: [scrape(model, job)] });
  }
  for (const g of model.ruleGroups) out.push({ path: kubeFiles.rule(g.name), resources: [prometheusRule(model, g)] });
  if (model.grafana.enabled) {
    const grafana = await grafanaGenerator.generate(model);
    const ds = grafana.find((a) => a.path === files.grafanaDatasources)!;
    const doc = parseYaml(ds.content) as { apiVersion: number; datasources: Array<{ uid: string }> };
    const datasources = kps ? doc.datasources.filter((d) => !KPS_DATASOURCES.includes(d.uid)) : doc.datasources;
    if (datasources.length)
      out.push({
        path: kubeFiles.datasources,
        resources: [
          datasourcesConfigMap(model, toYaml({ apiVersion: 1, datasources }, generatedHeader(model.specName))),
        ],
      });
    for (const a of grafana) {
      const m = /^grafana\/dashboards\/(.+)\.json$/.exec(a.path);
      if (m) out.push({ path: kubeFiles.dashboard(m[1]!), resources: [dashboardConfigMap(model, m[1]!, a.content)] });
    }
  }
  if (model.tempo.enabled) {
    const config = tempoGenerator.generate(model) as Artifact[];
    out.push({
      path: kubeFiles.tempo,
      resources: tempo(model, config.find((a) => a.path === files.tempoConfig)!.content),
    });
  }
  return out;
}

/**
 * kube-prometheus-stack mode: the chart's own Prometheus, Alertmanager and Grafana take these
 * values (`helm upgrade -f`): the spec's Prometheus settings, Alertmanager reading mon's config
 * Secret (useExistingSecret), and the Grafana sidecars with the folder annotation.
 */
export function kpsValues(model: Model): Record<string, unknown> {
  const { version: _, ...prometheusSpec } = prometheusSettings(model);
  const mounts = alertmanagerMounts(model);
  return {
    prometheus: { prometheusSpec },
    alertmanager: {
      enabled: model.alertmanager.enabled,
      alertmanagerSpec: { useExistingSecret: true, configSecret: ALERTMANAGER_CONFIG_SECRET, ...mounts },
    },
    grafana: {
      sidecar: {
        dashboards: {
          enabled: true,
          label: GRAFANA_SIDECAR.dashboardLabel,
          labelValue: '1',
          folderAnnotation: GRAFANA_SIDECAR.folderAnnotation,
          provider: { foldersFromFilesStructure: true },
        },
        datasources: { enabled: true, label: GRAFANA_SIDECAR.datasourceLabel, labelValue: '1' },
      },
    },
  };
}

export const kubernetesGenerator: Generator = {
  name: 'kubernetes',
  async generate(model) {
    const out: Artifact[] = (await manifestFiles(model)).map((f) => ({
      path: f.path,
      content: manifestText(model, f.resources),
    }));
    if (kube(model).mode === 'kube-prometheus-stack')
      out.push({
        path: kubeFiles.kpsValues,
        content: toYaml(
          kpsValues(model),
          `${generatedHeader(model.specName)}\n# helm upgrade --install ${kube(model).release} prometheus-community/kube-prometheus-stack -n ${kube(model).namespace} -f ${kubeFiles.kpsValues.split('/').pop()}`,
        ),
      });
    return out;
  },
};
