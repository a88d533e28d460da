import { files } from '../model/conventions.js';
import type { ComponentSpec } from './types.js';

export const loki = {
  title: 'Loki',
  metrics: /^loki_/,
  binary: 'loki',
  ports: {
    http: { specPath: ['loki', 'port'], local: 13100, container: 3100, what: 'loki' },
    grpc: { specPath: [], local: 19096, container: 9096, what: 'loki (grpc)', publish: false },
  },
  readyPath: '/ready',
  reads: (f) => f.startsWith('loki/'),
  secrets: () => [],
  enabled: (m) => m.loki.enabled,
  place: (m) => m.loki,
  flags: (_m, at) => [`-config.file=${at.config(files.lokiConfig)}`],
  resources: (s) => s.loki?.resources,
  // common.path_prefix ./data is under its working directory
  relativeToData: true,
  container: {
    service: 'loki',
    image: () => 'grafana/loki:3.3.2',
    mounts: [[files.lokiConfig, '/etc/loki/loki.yaml']],
    data: '/loki',
    // distroless static:debug, busybox under /busybox (cmd/loki/Dockerfile at grafana/loki v3.3.2)
    wget: () => '/busybox/wget',
  },
} satisfies ComponentSpec;
