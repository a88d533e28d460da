import { jobs } from '../model/conventions.js';
import type { ComponentSpec } from './types.js';

export const nodeExporter = {
  title: 'node_exporter',
  binary: 'node_exporter',
  job: jobs.node,
  metrics: /^node_/,
  ports: { http: { specPath: ['exporters', 'node', 'port'], local: 19100, container: 9100, what: 'node_exporter' } },
  readyPath: '/metrics',
  reads: () => false,
  secrets: () => [],
  enabled: (m) => m.nodeExporter.enabled,
  place: (m) => m.nodeExporter,
  flags: (m, at) => [
    ...(at.hostRoot ? [`--path.rootfs=${at.hostRoot}`] : []),
    `--web.listen-address=${at.listen(m.nodeExporter, true)}`,
  ],
  container: {
    service: 'node-exporter',
    image: () => 'prom/node-exporter:v1.8.2',
    mounts: [],
    wget: () => 'wget',
    hostRoot: '/host',
  },
} satisfies ComponentSpec;
