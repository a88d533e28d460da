import { exporterJobs } from '../model/datastores.js';
import type { ComponentSpec } from './types.js';

/**
 * cAdvisor: the containers' CPU, memory and network (container_* metrics), as the platform
 * guide's Compose file runs it (same mounts, privileged for every cgroup, /dev/kmsg per
 * cAdvisor's docs/running.md). Compose only: it watches the Docker engine's containers.
 */
export const cadvisor = {
  title: 'cAdvisor',
  localUnsupported: 'cAdvisor watches Docker containers: it runs only with --target compose',
  job: exporterJobs.cadvisor,
  metrics: /^(container_|machine_|cadvisor_)/,
  ports: { http: { specPath: ['exporters', 'cadvisor', 'port'], local: 18080, container: 8080, what: 'cAdvisor' } },
  readyPath: '/healthz',
  reads: () => false,
  secrets: () => [],
  enabled: (m) => m.cadvisor.enabled,
  place: (m) => m.cadvisor,
  flags: () => ['--docker_only=true', '--housekeeping_interval=10s'],
  container: {
    service: 'cadvisor',
    image: () => 'gcr.io/cadvisor/cadvisor:v0.49.1',
    mounts: [],
    hostMounts: [
      '/:/rootfs:ro',
      '/var/run:/var/run:ro',
      '/sys:/sys:ro',
      '/var/lib/docker/:/var/lib/docker:ro',
      '/dev/disk/:/dev/disk:ro',
    ],
    privileged: true,
    wget: () => 'wget',
  },
} satisfies ComponentSpec;
