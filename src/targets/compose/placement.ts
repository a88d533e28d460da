import { component } from '../../components/index.js';
import { composeSecretName } from '../../model/conventions.js';
import type { Secret } from '../../model/types.js';
import type { Placement } from '../types.js';

/** Containers reach the host (node_exporter, applications on 127.0.0.1) by this name. */
export const DOCKER_HOST = 'host.docker.internal';

const secretFile = (s: Secret) => `/run/secrets/${composeSecretName(s)}`;

/**
 * Compose: containers on one network at their images' ports, published on 127.0.0.1 at the
 * spec's ports; node_exporter on the host network; every secret a Compose secret.
 */
export const composePlacement: Placement = {
  place(c, port, hostPort) {
    const spec = component(c);
    if (spec.container.hostRoot)
      return { address: `${DOCKER_HOST}:${hostPort}`, listenHost: '0.0.0.0', port: hostPort, hostPort };
    const inImage = (spec.ports as Record<string, { container: number }>)[port]!.container;
    return { address: `${spec.container.service}:${inImage}`, listenHost: '0.0.0.0', port: inImage, hostPort };
  },
  hostAddress: (hostPort) => hostPort.replace(/^(127\.0\.0\.1|localhost):/, `${DOCKER_HOST}:`),
  hostUrl: (url) => url.replace(/^(https?:\/\/)(127\.0\.0\.1|localhost)([:/]|$)/, `$1${DOCKER_HOST}$3`),
  secretFile,
  grafanaSecret: (s) => `$__file{${secretFile(s)}}`,
};
