import { join } from 'node:path';
import type { ComponentName } from '../../components/index.js';
import type { Layout } from '../../components/types.js';
import { stackPaths } from '../../deploy/paths.js';

/** A process reads the stack's active config tree by absolute path and keeps its data under data/<name>. */
export function processLayout(name: ComponentName, stack: string, binary?: string): Layout {
  const p = stackPaths(stack);
  return {
    config: (path) => join(p.config, path),
    data: p.data(name),
    listen: (place) => `${place.listenHost}:${place.port}`,
    ...(binary ? { binary } : {}),
  };
}
