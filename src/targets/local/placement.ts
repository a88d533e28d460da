import { envSecretFile, LOCAL_HOST } from '../../model/conventions.js';
import type { Placement } from '../types.js';

/** Local processes: every component on 127.0.0.1 at the spec's ports; applications as given. */
export const localPlacement: Placement = {
  place: (_c, _port, hostPort) => ({
    address: `${LOCAL_HOST}:${hostPort}`,
    listenHost: LOCAL_HOST,
    port: hostPort,
    hostPort,
  }),
  hostAddress: (hostPort) => hostPort,
  hostUrl: (url) => url,
  // {file} as given; {env} in the stack's secrets/ (written by `mon deploy`), seen from one directory below
  secretFile: (s) => (s.kind === 'file' ? s.path : `../${envSecretFile(s.name)}`),
  /**
   * Grafana's ini expands $__file{} (fileExpander in Grafana's pkg/setting/expanders.go: os.ReadFile,
   * trimmed): every secret is read from its file, the 0600 one `mon deploy` writes for {env}, never
   * from Grafana's environment. A relative path is read from Grafana's working directory, the ini's
   * directory (grafana/, its workDir), so `../secrets/NAME` is the same file as for the others.
   */
  grafanaSecret: (s) => `$__file{${s.kind === 'file' ? s.path : `../${envSecretFile(s.name)}`}}`,
};
