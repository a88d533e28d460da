import type { DeployTarget } from '../types.js';
import { composeGenerator } from './generator.js';
import { containerLayout } from './layout.js';
import { composePlacement, DOCKER_HOST } from './placement.js';

/** Docker Compose: the same files rendered for containers, plus docker-compose.yml. */
export const compose: DeployTarget = {
  title: 'Compose project',
  placement: composePlacement,
  generators: [composeGenerator],
  layout: (name) => containerLayout(name),
  // Prometheus in its container runs as nobody: it needs the others-read bit
  ruleFileMode: 0o004,
  sink: { bind: '0.0.0.0', host: DOCKER_HOST },
  runtime: async () => (await import('./runtime.js')).composeRuntime,
};
