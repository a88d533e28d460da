import { files, jobs } from '../model/conventions.js';
import { prometheusVersionFlags, versionedImage } from '../model/versions.js';
import type { ScrapeJob, Secret } from '../model/types.js';
import type { ComponentSpec } from './types.js';

const jobSecrets = (j: Pick<ScrapeJob, 'auth'>): Secret[] =>
  j.auth?.kind === 'basic' ? [j.auth.password] : j.auth?.kind === 'bearer' ? [j.auth.token] : [];

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
  secrets: (m) => [...m.jobs, ...m.prometheus.remoteWrite].flatMap(jobSecrets),
  enabled: () => true,
  place: (m) => m.prometheus,
  flags: (m, at) => [
    `--config.file=${at.config(files.prometheusConfig)}`,
    `--storage.tsdb.path=${at.data}`,
    ...prometheusVersionFlags(m.prometheus),
    `--web.listen-address=${at.listen(m.prometheus)}`,
    '--web.enable-lifecycle',
    ...(m.prometheus.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
  ],
  resources: (s) => s.prometheus?.resources,
  container: {
    service: 'prometheus',
    // the tag follows prometheus.version (the versions the suite tests by default)
    image: (m) => versionedImage('prom/prometheus', m.prometheus.version),
    mounts: [['prometheus', '/etc/prometheus']],
    data: '/prometheus',
    wget: () => 'wget',
    reachesHost: true,
    dependsOn: (m) => (m.alertmanager.enabled ? { alertmanager: 'healthy' } : {}),
  },
} satisfies ComponentSpec;
