import { component, type ComponentName } from '../../components/index.js';
import type { Layout } from '../../components/types.js';
import { SECRETS_DIR } from '../../model/conventions.js';
import { CONTAINER_SECRETS_DIR } from './secrets.js';

/** A component's files and ports as its container sees them: its mounts, its data volume. */
export function containerLayout(name: ComponentName): Layout {
  const c = component(name).container;
  return {
    config: (path) => {
      // a service's secrets (and the bridge's resolved config) are copied into its /run/secrets
      if (path.startsWith(`${SECRETS_DIR}/`)) return `${CONTAINER_SECRETS_DIR}/${path.slice(SECRETS_DIR.length + 1)}`;
      const m = c.mounts.find(([from]) => path === from || path.startsWith(`${from}/`));
      return m ? m[1] + path.slice(m[0].length) : path;
    },
    data: c.data ?? '',
    ...(c.hostRoot ? { hostRoot: c.hostRoot } : {}),
    listen: (place, short) => `${short ? '' : place.listenHost}:${place.port}`,
  };
}
