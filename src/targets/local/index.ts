import { LOCAL_HOST } from '../../model/conventions.js';
import type { DeployTarget } from '../types.js';
import { processLayout } from './layout.js';
import { localPlacement } from './placement.js';

/** Local processes (the default, no Docker): every component on 127.0.0.1, managed by mon. */
export const local: DeployTarget = {
  title: 'local stack',
  placement: localPlacement,
  generators: [],
  layout: processLayout,
  // Prometheus runs as the user who deployed: its own read bit is enough, but mon wants all three
  ruleFileMode: 0o444,
  sink: { bind: LOCAL_HOST, host: LOCAL_HOST },
  runtime: async () => (await import('./runtime.js')).localRuntime,
};
