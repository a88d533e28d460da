import { toJson, toYaml } from '../../artifacts/serialize.js';
import type { Artifact } from '../../artifacts/types.js';
import { files, GRAFANA_DASHBOARDS_ENV, generatedHeader } from '../../model/conventions.js';
import type { Model } from '../../model/types.js';
import { placementOf } from '../../targets/index.js';
import type { Generator } from '../types.js';

/** Grafana interpolates $VAR in provisioning files: a literal $ is written $$. */
const literal = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$');
  if (Array.isArray(value)) return value.map(literal);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)]));
  return value;
};

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
    ...(pw
      ? [`admin_password = ${placementOf(model).grafanaSecret(pw)}`]
      : ["; admin_password: Grafana's default (allowDefaultAdmin)"]),
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
    const boards = await renderDashboards(model.dashboards.plans);
    const out: Artifact[] = [
      { path: files.grafanaIni, content: ini(model) },
      {
        path: files.grafanaDatasources,
        content: toYaml({ apiVersion: 1, datasources: literal(model.grafana.datasources) }, header),
      },
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
