import { exporterJobs } from '../model/datastores.js';
import { files } from '../model/conventions.js';
import type { ComponentSpec } from './types.js';

/** blackbox_exporter: runs the services' probes (services[].probes) with one module per probe. */
export const blackboxExporter = {
  title: 'blackbox_exporter',
  binary: 'blackbox_exporter',
  job: exporterJobs.blackbox,
  metrics: /^(probe_|blackbox_)/,
  ports: {
    http: { specPath: ['exporters', 'blackbox', 'port'], local: 19115, container: 9115, what: 'blackbox_exporter' },
  },
  readyPath: '/-/healthy',
  // POST /-/reload re-reads the modules (main.go of blackbox_exporter 0.23)
  reloadPath: '/-/reload',
  reads: (f) => f === files.blackboxConfig,
  secrets: () => [],
  enabled: (m) => m.blackbox.enabled,
  place: (m) => m.blackbox,
  flags: (m, at) => [
    `--config.file=${at.config(files.blackboxConfig)}`,
    `--web.listen-address=${at.listen(m.blackbox, true)}`,
  ],
  container: {
    service: 'blackbox-exporter',
    // the version Debian ships (bookworm: 0.23.0), so flags and modules are the same on both targets
    image: () => 'prom/blackbox-exporter:v0.23.0',
    mounts: [[files.blackboxConfig, '/etc/blackbox_exporter/config.yml']],
    wget: () => 'wget',
    reachesHost: true,
  },
} satisfies ComponentSpec;
