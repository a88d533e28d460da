import type { RemoteWriteSpec } from '../spec/types.js';
import { secret } from './secret.js';
import type { RemoteWrite } from './types.js';

/** `prometheus.remoteWrite` -> the model: auth by reference only, queue settings as given. */
export const remoteWriteModel = (specs: RemoteWriteSpec[] | undefined): RemoteWrite[] =>
  (specs ?? []).map((s, i) => ({
    url: s.url,
    ...(s.name ? { name: s.name } : {}),
    ...(s.auth?.basic
      ? { auth: { kind: 'basic' as const, username: s.auth.basic.username, password: secret(s.auth.basic.password) } }
      : {}),
    ...(s.auth?.bearer ? { auth: { kind: 'bearer' as const, token: secret(s.auth.bearer) } } : {}),
    queue: { ...s.queue },
    sendExemplars: s.sendExemplars ?? false,
    ...(s.writeRelabel ? { writeRelabel: s.writeRelabel } : {}),
    source: ['prometheus', 'remoteWrite', i],
  }));
