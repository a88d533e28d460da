import { toYaml } from '../../artifacts/serialize.js';
import { ExitCode, MonError } from '../../errors.js';
import { component, type ComponentName, componentSecrets, enabledComponents } from '../../components/index.js';
import type { PortSpec } from '../../components/types.js';
import { containerLayout } from './layout.js';
import { files, generatedHeader, INIT_IMAGE } from '../../model/conventions.js';
import { applySecretCopies, type SecretReader, secretCopies } from './secrets.js';
import type { Model, Secret } from '../../model/types.js';
import type { Resources } from '../../spec/types.js';
import type { Generator } from '../../generators/types.js';
import { DOCKER_HOST } from './placement.js';

type Service = Record<string, unknown>;
const CONDITIONS = {
  healthy: 'service_healthy',
  started: 'service_started',
  completed: 'service_completed_successfully',
} as const;
const NETWORK = 'mon';
const publish = (hostPort: number, port: number) => `127.0.0.1:${hostPort}:${port}`;

function deploy(r: Resources | undefined): Service {
  if (!r) return {};
  const limits: Service = {};
  if (r.memory) limits.memory = r.memory;
  if (r.cpus !== undefined) limits.cpus = r.cpus;
  const resources: Service = {};
  if (Object.keys(limits).length) resources.limits = limits;
  if (r.reservations && Object.keys(r.reservations).length) resources.reservations = { ...r.reservations };
  return Object.keys(resources).length ? { deploy: { resources } } : {};
}

/** The Compose service of one component, from its row of the component table. */
function service(name: ComponentName, model: Model): Service {
  const spec = component(name);
  const c = spec.container;
  const at = containerLayout(name);
  const place = spec.place(model);
  const hostNet = c.hostRoot !== undefined;
  const flags = spec.flags(model, at);
  const secrets = componentSecrets(model)[name];
  const bound = spec.bound?.(model) ?? { http: place };
  const published = Object.entries(spec.ports as Record<string, PortSpec>).filter(([, p]) => p.publish !== false);
  const ports = hostNet ? [] : published.map(([p]) => publish(bound[p]!.hostPort, bound[p]!.port));
  const env: Record<string, string> = { ...spec.env?.(model, at) };
  if (spec.secretsVia === 'env' && !spec.secretEnv)
    for (const s of secrets) if (s.kind === 'env') env[s.name] = `\${${s.name}}`;
  for (const e of spec.secretEnv?.(model) ?? []) {
    if (e.secret.kind === 'file')
      throw new MonError(
        `${spec.title} reads its password from its environment under Compose: a {file} reference cannot be passed there`,
        ExitCode.invalid,
        'give the datastore password as {env: NAME} for --target compose',
      );
    // Compose interpolates ${NAME} from the deploying shell: the value never lands in the file
    env[e.variable] =
      `${(e.before ?? '').replace(/\$/g, '$$$$')}\${${e.secret.name}}${(e.after ?? '').replace(/\$/g, '$$$$')}`;
  }
  const mounts = [...c.mounts, ...(c.extraMounts?.(model) ?? [])].map(([from, to]) => `./${from}:${to}:ro`);
  const data = c.data ? [`${c.service}-data:${c.data}`] : [];
  const deps = Object.entries({
    ...(c.volumeOwner ? { [`${c.service}-init`]: 'completed' as const } : {}),
    ...c.dependsOn?.(model),
  }).filter((e): e is [string, keyof typeof CONDITIONS] => e[1] !== undefined);
  const s: Service = { image: c.image(model), restart: 'unless-stopped' };
  if (!hostNet) s.networks = [NETWORK];
  if (flags.length) s.command = flags;
  if (c.workingDir) s.working_dir = c.workingDir;
  if (hostNet) Object.assign(s, { network_mode: 'host', pid: 'host' });
  const volumes = hostNet ? [`/:${c.hostRoot}:ro,rslave`] : [...mounts, ...data, ...(c.hostMounts ?? [])];
  if (c.privileged) Object.assign(s, { privileged: true, devices: ['/dev/kmsg'] });
  if (volumes.length) s.volumes = volumes;
  if (Object.keys(env).length) s.environment = env;
  if (ports.length) s.ports = ports;
  if (c.reachesHost) s.extra_hosts = [`${DOCKER_HOST}:host-gateway`];
  // images with wget are probed by Compose; the others by `mon verify` from outside
  const wget = c.wget?.(model);
  if (wget)
    s.healthcheck = {
      test: ['CMD', wget, '-qO-', `http://localhost:${place.port}${spec.readyPath}`],
      interval: '10s',
      timeout: '5s',
      retries: 6,
      start_period: '10s',
    };
  if (deps.length) s.depends_on = Object.fromEntries(deps.map(([svc, on]) => [svc, { condition: CONDITIONS[on] }]));
  return { ...s, ...deploy(model.resources[name]) };
}

/** The docker-compose.yml of the Compose target: one network, named volumes, limits, healthchecks. */
export function composeFile(model: Model): Record<string, unknown> {
  const services: Record<string, Service> = {};
  const volumes: Record<string, Record<string, never>> = {};
  const readers: Partial<Record<SecretReader, Secret[]>> = {};
  for (const name of enabledComponents(model)) {
    const c = component(name).container;
    if (c.data) volumes[`${c.service}-data`] = {};
    if (c.volumeOwner) {
      const volume = `${c.service}-data:${c.data}`;
      services[`${c.service}-init`] = {
        image: INIT_IMAGE,
        user: 'root',
        entrypoint: ['chown', '-R', c.volumeOwner, c.data],
        volumes: [volume],
        restart: 'no',
      };
    }
    services[c.service] = service(name, model);
    const secrets = componentSecrets(model)[name];
    if (secrets.length && (component(name).secretsVia ?? 'files') === 'files') readers[name as SecretReader] = secrets;
  }
  applySecretCopies(services, volumes, secretCopies(readers, model.dingtalk !== undefined));
  return { services, networks: { [NETWORK]: {} }, volumes };
}

export const composeGenerator: Generator = {
  name: 'compose',
  generate: (model) => [
    {
      path: files.composeFile,
      content: toYaml(
        composeFile(model),
        `${generatedHeader(model.specName)}\n# Secrets from the environment are written to ./secrets/ (mode 0600) by \`mon deploy --target compose\`;\n# secrets-init copies each service's own into a volume only that service's user can read.`,
      ),
    },
  ],
};
