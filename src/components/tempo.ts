import { files, jobs, TEMPO_UID } from '../model/conventions.js';
import { generatorOn } from '../model/observability.js';
import type { Model, Secret } from '../model/types.js';
import type { ComponentSpec } from './types.js';

const s3Keys = (m: Model): Secret[] => {
  const t = m.tempo;
  return t.enabled && t.storage.kind === 's3'
    ? [t.storage.accessKey, t.storage.secretKey].filter((s): s is Secret => s !== undefined)
    : [];
};

/** Tempo reads S3 keys from its environment (-config.expand-env=true), never from its file. */
export const tempo = {
  title: 'Tempo',
  binary: 'tempo',
  job: jobs.tempo,
  metrics: /^(tempo_|traces_)/,
  ports: {
    http: { specPath: ['tempo', 'ports', 'http'], local: 13200, container: 3200, what: 'tempo (http)' },
    grpc: { specPath: ['tempo', 'ports', 'grpc'], local: 19095, container: 9095, what: 'tempo (grpc)', publish: false },
    otlpGrpc: { specPath: ['tempo', 'ports', 'otlpGrpc'], local: 14317, container: 4317, what: 'tempo (OTLP gRPC)' },
    otlpHttp: { specPath: ['tempo', 'ports', 'otlpHttp'], local: 14318, container: 4318, what: 'tempo (OTLP HTTP)' },
  },
  readyPath: '/ready',
  reads: (f) => f.startsWith('tempo/'),
  secrets: s3Keys,
  enabled: (m) => m.tempo.enabled,
  place: (m) => ({
    address: m.tempo.address,
    listenHost: m.tempo.listenHost,
    port: m.tempo.ports.http,
    hostPort: m.tempo.hostPorts.http,
  }),
  bound: (m) =>
    Object.fromEntries(
      Object.entries(m.tempo.ports).map(([k, port]) => [
        k,
        { port, hostPort: m.tempo.hostPorts[k as keyof typeof m.tempo.ports] },
      ]),
    ),
  flags: (m, at) => [
    `-config.file=${at.config(files.tempoConfig)}`,
    ...(s3Keys(m).some((s) => s.kind === 'env') ? ['-config.expand-env=true'] : []),
  ],
  resources: (s) => s.tempo?.resources,
  relativeToData: true,
  secretsVia: 'env',
  container: {
    service: 'tempo',
    image: (m) => (m.tempo.version === '3' ? 'grafana/tempo:3.0.0' : 'grafana/tempo:2.8.1'),
    mounts: [[files.tempoConfig, '/etc/tempo/tempo.yaml']],
    data: '/var/tempo',
    workingDir: '/var/tempo',
    // the image runs as 10001
    volumeOwner: TEMPO_UID,
    // 2.8's image is distroless static:debug with busybox under /busybox; 3.0's has neither shell nor wget (cmd/tempo/Dockerfile at v2.8.1, v3.0.0)
    wget: (m) => (m.tempo.version === '2' ? '/busybox/wget' : undefined),
    dependsOn: (m) => (generatorOn(m.tempo) ? { prometheus: 'healthy' } : {}),
  },
} satisfies ComponentSpec;
