import { composeSecretName, envSecretFile, files, INIT_IMAGE } from '../../model/conventions.js';
import type { Secret } from '../../model/types.js';

type Service = Record<string, unknown>;

/**
 * The user:group each image runs as, from its Dockerfile: prom/prometheus and prom/alertmanager
 * `USER nobody` on quay.io/prometheus/busybox (65534:65534); timonwong/prometheus-webhook-dingtalk
 * v2.1.0 `USER nobody` on distroless static:nonroot (65534:65534); grafana/grafana GF_UID 472,
 * GF_GID 0 (packaging/docker/Dockerfile).
 */
export const IMAGE_USERS = {
  prometheus: '65534:65534',
  alertmanager: '65534:65534',
  dingtalk: '65534:65534',
  grafana: '472:0',
} as const;
export type SecretReader = keyof typeof IMAGE_USERS;

export const SECRETS_INIT = 'secrets-init';
const volumeOf = (service: SecretReader) => `secrets-${service}`;
/** where a service finds its secrets: the path the generated configs name (secretFileFrom) */
export const CONTAINER_SECRETS_DIR = '/run/secrets';
/** the DingTalk bridge's resolved config, among its secrets */
export const DINGTALK_CONFIG_IN_CONTAINER = `${CONTAINER_SECRETS_DIR}/dingtalk.yml`;

/**
 * Compose bind-mounts a `file:` secret with the host file's owner and mode, and ignores a secret's
 * uid/gid/mode outside Swarm (docker/compose pkg/compose/secrets.go: only `environment:` and
 * `content:` secrets are copied in with them; the compose-spec's long syntax documents the same),
 * so a 0600 file of the deploying user is unreadable to the containers' users. Instead a one-shot
 * busybox container, as root, copies each service's secrets into a volume of its own, owned by
 * the image's user with mode 0400, mounted read-only at /run/secrets: on the host they stay 0600.
 */
export function secretCopies(
  readers: Partial<Record<SecretReader, Secret[]>>,
  dingtalk: boolean,
): { init?: Service; volumes: string[]; mounts: Partial<Record<SecretReader, string>> } {
  const copies: Array<{ service: SecretReader; source: string; name: string }> = [];
  for (const [service, refs] of Object.entries(readers) as Array<[SecretReader, Secret[]]>) {
    for (const s of refs) {
      const name = composeSecretName(s);
      if (!copies.some((c) => c.service === service && c.name === name))
        copies.push({ service, source: s.kind === 'env' ? `./${envSecretFile(s.name)}` : s.path, name });
    }
  }
  if (dingtalk) copies.push({ service: 'dingtalk', source: `./${files.dingtalkResolved}`, name: 'dingtalk.yml' });
  if (!copies.length) return { volumes: [], mounts: {} };
  const services = [...new Set(copies.map((c) => c.service))];
  const inputs = [...new Map(copies.map((c) => [c.name, c.source])).entries()];
  const script = [
    'set -e',
    ...services.flatMap((s) => [`rm -rf /out/${s}/*`, `chown ${IMAGE_USERS[s]} /out/${s}`, `chmod 0500 /out/${s}`]),
    ...copies.flatMap((c) => [
      `cp /in/${c.name} /out/${c.service}/${c.name}`,
      `chown ${IMAGE_USERS[c.service]} /out/${c.service}/${c.name}`,
      `chmod 0400 /out/${c.service}/${c.name}`,
    ]),
  ].join('\n');
  const init: Service = {
    image: INIT_IMAGE,
    user: 'root',
    network_mode: 'none',
    restart: 'no',
    entrypoint: ['sh', '-c', script],
    volumes: [
      ...inputs.map(([name, source]) => `${source}:/in/${name}:ro`),
      ...services.map((s) => `${volumeOf(s)}:/out/${s}`),
    ],
  };
  return {
    init,
    volumes: services.map(volumeOf),
    mounts: Object.fromEntries(services.map((s) => [s, `${volumeOf(s)}:${CONTAINER_SECRETS_DIR}:ro`])),
  };
}

/** Wire the copies into the services: each reader mounts its volume and starts after the copy. */
export function applySecretCopies(
  services: Record<string, Service>,
  volumes: Record<string, Record<string, never>>,
  copies: ReturnType<typeof secretCopies>,
): void {
  if (!copies.init) return;
  services[SECRETS_INIT] = copies.init;
  for (const v of copies.volumes) volumes[v] = {};
  for (const [name, mount] of Object.entries(copies.mounts)) {
    const s = services[name];
    if (!s) continue;
    s.volumes = [...((s.volumes as string[] | undefined) ?? []), mount];
    s.depends_on = {
      [SECRETS_INIT]: { condition: 'service_completed_successfully' },
      ...((s.depends_on as object | undefined) ?? {}),
    };
  }
}
