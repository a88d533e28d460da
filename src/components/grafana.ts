import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { files, GRAFANA_DASHBOARDS_ENV } from '../model/conventions.js';
import type { ComponentSpec } from './types.js';

/** Grafana needs its home (static files): next to the binary in a release archive, or Debian's. */
function grafanaHome(binary: string): string {
  const beside = dirname(dirname(binary));
  return existsSync(join(beside, 'public')) ? beside : '/usr/share/grafana';
}

const DASHBOARDS = 'grafana/dashboards';

export const grafana = {
  title: 'Grafana',
  metrics: /^grafana_/,
  binary: 'grafana',
  ports: { http: { specPath: ['grafana', 'port'], local: 13000, container: 3000, what: 'grafana' } },
  readyPath: '/api/health',
  readyProblem: (body) => (/"database"\s*:\s*"ok"/.test(body) ? undefined : `database is not ok: ${body.trim()}`),
  reads: (f) => f.startsWith('grafana/'),
  secrets: (m) => (m.grafana.enabled && m.grafana.adminPassword ? [m.grafana.adminPassword] : []),
  enabled: (m) => m.grafana.enabled,
  place: (m) => m.grafana,
  /** in its image Grafana finds its files where the mounts put them; a process is told where they are */
  flags: (_m, at) =>
    at.binary === undefined
      ? []
      : [
          ...(at.binary.endsWith('grafana-server') ? [] : ['server']),
          `--homepath=${grafanaHome(at.binary)}`,
          `--config=${at.config(files.grafanaIni)}`,
          `cfg:default.paths.provisioning=${at.config('grafana/provisioning')}`,
          `cfg:default.paths.data=${at.data}`,
          `cfg:default.paths.logs=${at.data}`,
        ],
  env: (_m, at) => ({ [GRAFANA_DASHBOARDS_ENV]: at.config(DASHBOARDS) }),
  resources: (s) => s.grafana?.resources,
  workDir: 'grafana',
  container: {
    service: 'grafana',
    image: () => 'grafana/grafana:11.4.0',
    mounts: [
      [files.grafanaIni, '/etc/grafana/grafana.ini'],
      ['grafana/provisioning', '/etc/grafana/provisioning'],
      [DASHBOARDS, '/var/lib/grafana/dashboards'],
    ],
    data: '/var/lib/grafana',
    // an Alpine image: busybox wget
    wget: () => 'wget',
    dependsOn: (m) => ({
      prometheus: 'healthy',
      ...(m.tempo.enabled ? { tempo: 'started' } : {}),
      ...(m.loki.enabled ? { loki: 'started' } : {}),
    }),
  },
} satisfies ComponentSpec;
