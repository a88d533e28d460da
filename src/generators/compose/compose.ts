import { toYaml } from '../../artifacts/serialize.js';
import { composeSecretName, envSecretFile, files, generatedHeader, images, TEMPO_UID } from '../../model/conventions.js';
import { prometheusVersionFlags, versionedImage } from '../../model/versions.js';
import { generatorOn } from '../../model/observability.js';
import { CONTAINERS, DOCKER_HOST } from '../../model/placement.js';
import type { Model, Secret } from '../../model/types.js';
import { componentSecrets } from '../../secrets/resolve.js';
import type { Resources } from '../../spec/types.js';
import type { Generator } from '../types.js';

type Service = Record<string, unknown>;
const NETWORK = 'mon';
const ready = (port: number, path: string) => ({ test: ['CMD', 'wget', '-qO-', `http://localhost:${port}${path}`], interval: '10s', timeout: '5s', retries: 6, start_period: '10s' });
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

/** Compose secrets: {env} ones from the stack's secrets/ (written by `mon deploy`), {file} ones as given. */
const secretSource = (s: Secret) => (s.kind === 'env' ? `./${envSecretFile(s.name)}` : s.path);

/** The docker-compose.yml of the Compose target: one network, named volumes, limits, healthchecks. */
export function composeFile(model: Model): Record<string, unknown> {
  const services: Record<string, Service> = {};
  const volumes: Record<string, Record<string, never>> = {};
  const mounted: Secret[] = []; // every secret a service mounts, declared once at the top level
  const names = (refs: Secret[]) => {
    mounted.push(...refs);
    return [...new Set(refs.map(composeSecretName))];
  };
  const base = (image: string): Service => ({ image, restart: 'unless-stopped', networks: [NETWORK] });
  const p = model.prometheus;

  const used = componentSecrets(model);
  const promSecrets = used.prometheus;
  volumes['prometheus-data'] = {};
  services.prometheus = {
    ...base(versionedImage(images.prometheus, p.version)),
    command: [
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      ...prometheusVersionFlags(p),
      `--web.listen-address=${p.listenHost}:${p.port}`,
      '--web.enable-lifecycle',
      ...(p.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    ],
    volumes: ['./prometheus:/etc/prometheus:ro', 'prometheus-data:/prometheus'],
    ports: [publish(p.hostPort, p.port)],
    extra_hosts: [`${DOCKER_HOST}:host-gateway`],
    ...(promSecrets.length ? { secrets: names(promSecrets) } : {}),
    healthcheck: ready(p.port, '/-/ready'),
    ...(model.alertmanager.enabled ? { depends_on: { alertmanager: { condition: 'service_healthy' } } } : {}),
    ...deploy(model.resources.prometheus),
  };

  const am = model.alertmanager;
  if (am.enabled) {
    const amSecrets = used.alertmanager;
    volumes['alertmanager-data'] = {};
    services.alertmanager = {
      ...base(versionedImage(images.alertmanager, am.version)),
      command: ['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager', `--web.listen-address=${am.listenHost}:${am.port}`, '--cluster.listen-address='],
      volumes: ['./alertmanager:/etc/alertmanager:ro', 'alertmanager-data:/alertmanager'],
      ports: [publish(am.hostPort, am.port)],
      extra_hosts: [`${DOCKER_HOST}:host-gateway`],
      ...(amSecrets.length ? { secrets: names(amSecrets) } : {}),
      healthcheck: ready(am.port, '/-/ready'),
      ...deploy(model.resources.alertmanager),
    };
  }

  if (model.dingtalk) {
    services.dingtalk = {
      ...base(images.dingtalk),
      command: ['--config.file=/etc/prometheus-webhook-dingtalk/config.yml', `--web.listen-address=:${model.dingtalk.port}`],
      volumes: [`./${files.dingtalkResolved}:/etc/prometheus-webhook-dingtalk/config.yml:ro`],
    };
  }

  const node = model.nodeExporter;
  if (node.enabled) {
    services['node-exporter'] = {
      image: images.nodeExporter,
      restart: 'unless-stopped',
      command: ['--path.rootfs=/host', `--web.listen-address=:${node.port}`],
      network_mode: 'host',
      pid: 'host',
      volumes: ['/:/host:ro,rslave'],
      healthcheck: ready(node.port, '/metrics'),
    };
  }

  const t = model.tempo;
  if (t.enabled) {
    volumes['tempo-data'] = {};
    services['tempo-init'] = { image: images.init, user: 'root', entrypoint: ['chown', '-R', TEMPO_UID, '/var/tempo'], volumes: ['tempo-data:/var/tempo'], restart: 'no' };
    const env: Record<string, string> = {};
    for (const s of used.tempo) if (s.kind === 'env') env[s.name] = `\${${s.name}}`;
    services.tempo = {
      ...base(images.tempo[t.version]),
      command: ['-config.file=/etc/tempo/tempo.yaml', ...(Object.keys(env).length ? ['-config.expand-env=true'] : [])],
      working_dir: '/var/tempo',
      volumes: ['./tempo/tempo.yaml:/etc/tempo/tempo.yaml:ro', 'tempo-data:/var/tempo'],
      ports: [publish(t.hostPorts.http, t.ports.http), publish(t.hostPorts.otlpGrpc, t.ports.otlpGrpc), publish(t.hostPorts.otlpHttp, t.ports.otlpHttp)],
      ...(Object.keys(env).length ? { environment: env } : {}),
      // distroless since 2.8: no shell for a healthcheck; `mon verify` probes /ready from outside
      depends_on: { 'tempo-init': { condition: 'service_completed_successfully' }, ...(generatorOn(t) ? { prometheus: { condition: 'service_healthy' } } : {}) },
      ...deploy(model.resources.tempo),
    };
  }

  if (model.loki.enabled) {
    volumes['loki-data'] = {};
    services.loki = {
      ...base(images.loki),
      command: ['-config.file=/etc/loki/local-config.yaml'],
      volumes: ['loki-data:/loki'],
      ports: [publish(model.loki.hostPort, CONTAINERS.loki.port)],
      ...deploy(model.resources.loki),
    };
  }

  const g = model.grafana;
  if (g.enabled) {
    volumes['grafana-data'] = {};
    services.grafana = {
      ...base(images.grafana),
      volumes: [
        './grafana/grafana.ini:/etc/grafana/grafana.ini:ro',
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        './grafana/dashboards:/var/lib/grafana/dashboards:ro',
        'grafana-data:/var/lib/grafana',
      ],
      environment: { MON_GRAFANA_DASHBOARDS: '/var/lib/grafana/dashboards' },
      ports: [publish(g.hostPort, g.port)],
      ...(used.grafana.length ? { secrets: names(used.grafana) } : {}),
      // probed from outside (`mon verify`): /api/health
      depends_on: {
        prometheus: { condition: 'service_healthy' },
        ...(t.enabled ? { tempo: { condition: 'service_started' } } : {}),
        ...(model.loki.enabled ? { loki: { condition: 'service_started' } } : {}),
      },
      ...deploy(model.resources.grafana),
    };
  }

  const out: Record<string, unknown> = { services, networks: { [NETWORK]: {} }, volumes };
  if (mounted.length) out.secrets = Object.fromEntries(mounted.map((s) => [composeSecretName(s), { file: secretSource(s) }]));
  return out;
}

export const composeGenerator: Generator = {
  name: 'compose',
  generate: (model) =>
    model.target === 'compose'
      ? [{ path: files.composeFile, content: toYaml(composeFile(model), `${generatedHeader(model.specName)}\n# Secrets from the environment are written to ./secrets/ (mode 0600) by \`mon deploy --target compose\`.`) }]
      : [],
};
