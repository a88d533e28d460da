import { component } from '../../components/index.js';
import type { Placement } from '../types.js';
import { OPERATED, secretMountPath } from './conventions.js';

/**
 * Kubernetes: every component in the stack's namespace, reached by its Service name at its
 * image's port (Prometheus and Alertmanager by the operator's governing Services, which exist in
 * both modes); the host port is where `mon verify` port-forwards it on 127.0.0.1. Application
 * targets and URLs are taken as given: they must be cluster addresses.
 */
export const kubernetesPlacement: Placement = {
  place(c, port, hostPort) {
    const spec = component(c);
    const inImage = (spec.ports as Record<string, { container: number }>)[port]!.container;
    const host =
      c === 'prometheus' ? OPERATED.prometheus : c === 'alertmanager' ? OPERATED.alertmanager : spec.container.service;
    return { address: `${host}:${inImage}`, listenHost: '0.0.0.0', port: inImage, hostPort };
  },
  hostAddress: (hostPort) => hostPort,
  hostUrl: (url) => url,
  secretFile: secretMountPath,
  grafanaSecret: (s) => `$__file{${secretMountPath(s)}}`,
};
