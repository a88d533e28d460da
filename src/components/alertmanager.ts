import { files, jobs } from '../model/conventions.js';
import { versionedImage } from '../model/versions.js';
import { receiverSecrets } from '../receivers/index.js';
import type { ComponentSpec } from './types.js';

export const alertmanager = {
  title: 'Alertmanager',
  core: true,
  binary: 'alertmanager',
  job: jobs.alertmanager,
  metrics: /^alertmanager_/,
  ports: { http: { specPath: ['alertmanager', 'port'], local: 19093, container: 9093, what: 'alertmanager' } },
  readyPath: '/-/ready',
  reloadPath: '/-/reload',
  reads: (f) => f.startsWith('alertmanager/'),
  secrets: (m) =>
    m.alertmanager.enabled ? m.alertmanager.receivers.flatMap((r) => receiverSecrets(r, 'alertmanager')) : [],
  enabled: (m) => m.alertmanager.enabled,
  place: (m) => m.alertmanager,
  flags: (m, at) => [
    `--config.file=${at.config(files.alertmanagerConfig)}`,
    `--storage.path=${at.data}`,
    `--web.listen-address=${at.listen(m.alertmanager)}`,
    '--cluster.listen-address=',
  ],
  resources: (s) => s.alertmanager?.resources,
  container: {
    service: 'alertmanager',
    image: (m) => versionedImage('prom/alertmanager', m.alertmanager.version),
    mounts: [['alertmanager', '/etc/alertmanager']],
    data: '/alertmanager',
    wget: () => 'wget',
    reachesHost: true,
  },
} satisfies ComponentSpec;
