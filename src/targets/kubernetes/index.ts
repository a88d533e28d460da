import type { DeployTarget } from '../types.js';
import { containerLayout } from '../compose/layout.js';
import { kubernetesGenerator } from './generator.js';
import { kubernetesPlacement } from './placement.js';
import { kubernetesUnsupported } from './unsupported.js';

/** Kubernetes with prometheus-operator: the same files as resources under kubernetes/, applied with kubectl. */
export const kubernetes: DeployTarget = {
  title: 'Kubernetes deployment',
  placement: kubernetesPlacement,
  generators: [kubernetesGenerator],
  // the images and their mounts are the Compose target's
  layout: (name) => containerLayout(name),
  // PrometheusRule resources: the operator writes the files for Prometheus
  ruleFileMode: 0o004,
  // the fire drill's sink would have to be reachable from the cluster: not on this target
  sink: { bind: '127.0.0.1', host: '127.0.0.1' },
  unsupported: kubernetesUnsupported,
  runtime: async () => (await import('./runtime.js')).kubernetesRuntime,
};
