import { envSecretFile, LOCAL_HOST } from '../../model/conventions.js';
import type { Placement } from '../types.js';

/** Local processes: every component on 127.0.0.1 at the spec's ports; applications as given. */
export const localPlacement: Placement = {
  place: (_c, _port, hostPort) => ({ address: `${LOCAL_HOST}:${hostPort}`, listenHost: LOCAL_HOST, port: hostPort, hostPort }),
  hostAddress: (hostPort) => hostPort,
  hostUrl: (url) => url,
  // {file} as given; {env} in the stack's secrets/ (written by `mon deploy`), seen from one directory below
  secretFile: (s) => (s.kind === 'file' ? s.path : `../${envSecretFile(s.name)}`),
  // Grafana expands $__env{} and $__file{} in its ini file; locally it gets the variable itself
  grafanaSecret: (s) => (s.kind === 'env' ? `$__env{${s.name}}` : `$__file{${s.path}}`),
};
