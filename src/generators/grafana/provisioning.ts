import { toJson, toYaml } from '../../artifacts/serialize.js';
import type { Artifact } from '../../artifacts/types.js';
import { datasourceUids, files, GRAFANA_DASHBOARDS_ENV, generatedHeader, TEMPO_EXEMPLAR_LABEL } from '../../model/conventions.js';
import type { Model } from '../../model/types.js';
import { generatorOn } from '../../model/observability.js';
import { grafanaSecret } from '../secrets.js';
import type { Generator } from '../types.js';
import { dashboardPlans } from './presets/index.js';

/** Grafana interpolates $VAR in provisioning files: a literal $ is written $$. */
const literal = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$');
  if (Array.isArray(value)) return value.map(literal);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)]));
  return value;
};

export function datasources(model: Model): Array<Record<string, unknown>> {
  const { prometheus: P, alertmanager: A, tempo: T, loki: L } = datasourceUids;
  const list: Array<Record<string, unknown>> = [];
  const promJson: Record<string, unknown> = { httpMethod: 'POST', timeInterval: model.prometheus.scrapeInterval };
  // the exemplar label Tempo's metrics-generator writes: traceIDLabelName defaults to "traceID" in
  // modules/generator/registry/histogram.go (and native_histogram.go) at grafana/tempo v2.8.1 and v3.0.0
  if (model.tempo.enabled) promJson.exemplarTraceIdDestinations = [{ datasourceUid: T, name: TEMPO_EXEMPLAR_LABEL }];
  list.push({ name: 'Prometheus', type: 'prometheus', uid: P, access: 'proxy', url: model.grafana.prometheusUrl, isDefault: true, editable: false, jsonData: promJson });
  if (model.alertmanager.enabled) {
    list.push({ name: 'Alertmanager', type: 'alertmanager', uid: A, access: 'proxy', url: `http://${model.alertmanager.address}`, editable: false, jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false } });
  }
  if (model.tempo.enabled) {
    const tempoJson: Record<string, unknown> = { nodeGraph: { enabled: true }, search: { hide: false } };
    if (generatorOn(model.tempo)) {
      tempoJson.serviceMap = { datasourceUid: P };
      tempoJson.tracesToMetrics = { datasourceUid: P };
    }
    if (model.loki.enabled) tempoJson.tracesToLogsV2 = { datasourceUid: L, filterByTraceID: true };
    list.push({ name: 'Tempo', type: 'tempo', uid: T, access: 'proxy', url: `http://${model.tempo.address}`, editable: false, jsonData: tempoJson });
  }
  if (model.loki.enabled) list.push({ name: 'Loki', type: 'loki', uid: L, access: 'proxy', url: `http://${model.loki.address}`, editable: false });
  return list;
}

/** Admin credentials by reference: Grafana expands $__env{} and $__file{} in its ini file. */
function ini(model: Model): string {
  const g = model.grafana;
  const pw = g.adminPassword;
  const lines = [
    generatedHeader(model.specName).replace(/^#/, ';'),
    '[server]',
    `http_addr = ${g.listenHost}`,
    `http_port = ${g.port}`,
    '',
    '[security]',
    `admin_user = ${g.adminUser}`,
    ...(pw ? [`admin_password = ${grafanaSecret(model, pw)}`] : ['; admin_password: Grafana\'s default (allowDefaultAdmin)']),
    'disable_gravatar = true',
    '',
    '[users]',
    'allow_sign_up = false',
    '',
    '[auth.anonymous]',
    'enabled = false',
    '',
    '[analytics]',
    'reporting_enabled = false',
    'check_for_updates = false',
    '',
  ];
  return lines.join('\n');
}

export const grafanaGenerator: Generator = {
  name: 'grafana',
  async generate(model) {
    if (!model.grafana.enabled) return [];
    const header = generatedHeader(model.specName);
    const { renderDashboards } = await import('./render.js');
    const boards = await renderDashboards(dashboardPlans(model));
    const out: Artifact[] = [
      { path: files.grafanaIni, content: ini(model) },
      { path: files.grafanaDatasources, content: toYaml({ apiVersion: 1, datasources: literal(datasources(model)) }, header) },
      {
        path: files.grafanaDashboardProvider,
        content: toYaml(
          {
            apiVersion: 1,
            providers: [
              {
                name: 'mon',
                orgId: 1,
                folder: model.project,
                type: 'file',
                disableDeletion: true,
                allowUiUpdates: false,
                updateIntervalSeconds: 30,
                options: { path: `\${${GRAFANA_DASHBOARDS_ENV}}`, foldersFromFilesStructure: false },
              },
            ],
          },
          `${header}\n# The dashboards' directory comes from $${GRAFANA_DASHBOARDS_ENV}, which \`mon deploy\` sets.`,
        ),
      },
      ...boards.map((b) => ({ path: files.grafanaDashboard(b.uid!), content: toJson(b) })),
    ];
    return out;
  },
};
