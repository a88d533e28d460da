import type { ComponentSpec } from './types.js';

export const loki = {
  title: 'Loki',
  metrics: /^loki_/,
  localUnsupported: 'mon renders no Loki config for the local target yet: deploy with --target compose',
  ports: { http: { specPath: ['loki', 'port'], local: 13100, container: 3100, what: 'loki' } },
  readyPath: '/ready',
  reads: () => false,
  secrets: () => [],
  enabled: (m) => m.loki.enabled,
  place: (m) => m.loki,
  /** the image's own config */
  flags: () => ['-config.file=/etc/loki/local-config.yaml'],
  resources: (s) => s.loki?.resources,
  container: { service: 'loki', image: () => 'grafana/loki:3.3.2', mounts: [], data: '/loki' },
} satisfies ComponentSpec;
