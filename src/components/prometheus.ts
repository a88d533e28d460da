import { files, jobs } from '../model/conventions.js';
import type { ScrapeJob, Secret } from '../model/types.js';
import type { ComponentSpec } from './types.js';

const jobSecrets = (j: ScrapeJob): Secret[] => (j.auth?.kind === 'basic' ? [j.auth.password] : j.auth?.kind === 'bearer' ? [j.auth.token] : []);

export const prometheus = {
  title: 'Prometheus',
  core: true,
  binary: 'prometheus',
  job: jobs.prometheus,
  metrics: /^prometheus_/,
  ports: { http: { specPath: ['prometheus', 'port'], local: 19090, container: 9090, what: 'prometheus' } },
  readyPath: '/-/ready',
  reloadPath: '/-/reload',
  reads: (f) => f.startsWith('prometheus/') && !f.startsWith('prometheus/tests/'),
  secrets: (m) => m.jobs.flatMap(jobSecrets),
  enabled: () => true,
  place: (m) => m.prometheus,
  flags: (m, at) => [
    `--config.file=${at.config(files.prometheusConfig)}`,
    `--storage.tsdb.path=${at.data}`,
    `--storage.tsdb.retention.time=${m.prometheus.retention}`,
    `--web.listen-address=${at.listen(m.prometheus)}`,
    '--web.enable-lifecycle',
    ...(m.prometheus.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
  ],
  resources: (s) => s.prometheus?.resources,
  container: {
    service: 'prometheus',
    image: () => 'prom/prometheus:v2.55.1',
    mounts: [['prometheus', '/etc/prometheus']],
    data: '/prometheus',
    wget: () => 'wget',
    reachesHost: true,
    dependsOn: (m) => (m.alertmanager.enabled ? { alertmanager: 'healthy' } : {}),
  },
} satisfies ComponentSpec;
