/**
 * Where each component listens and how the others reach it, per deploy target. Local: every
 * process on 127.0.0.1 at the spec's ports. Compose: containers on one network at their standard
 * ports, published on 127.0.0.1 at the spec's ports; node_exporter on the host network.
 */
export type Target = 'local' | 'compose';
export const TARGETS: readonly Target[] = ['local', 'compose'];

export type Component = 'prometheus' | 'alertmanager' | 'node' | 'grafana' | 'loki' | 'tempoHttp' | 'tempoGrpc' | 'otlpGrpc' | 'otlpHttp' | 'dingtalk';

/** Compose service names and the ports the images listen on. */
export const CONTAINERS: Record<Component, { service: string; port: number }> = {
  prometheus: { service: 'prometheus', port: 9090 },
  alertmanager: { service: 'alertmanager', port: 9093 },
  node: { service: 'node-exporter', port: 9100 },
  grafana: { service: 'grafana', port: 3000 },
  loki: { service: 'loki', port: 3100 },
  tempoHttp: { service: 'tempo', port: 3200 },
  tempoGrpc: { service: 'tempo', port: 9095 },
  otlpGrpc: { service: 'tempo', port: 4317 },
  otlpHttp: { service: 'tempo', port: 4318 },
  dingtalk: { service: 'dingtalk', port: 8060 },
};

/** Containers reach the host (node_exporter, applications on 127.0.0.1) by this name. */
export const DOCKER_HOST = 'host.docker.internal';

export interface Place {
  /** how the other components reach it */
  address: string;
  /** the host it binds */
  listenHost: string;
  /** the port it binds */
  port: number;
  /** the port on 127.0.0.1 of the machine */
  hostPort: number;
}

export function place(target: Target, component: Component, hostPort: number): Place {
  if (target === 'local') return { address: `127.0.0.1:${hostPort}`, listenHost: '127.0.0.1', port: hostPort, hostPort };
  if (component === 'node') return { address: `${DOCKER_HOST}:${hostPort}`, listenHost: '0.0.0.0', port: hostPort, hostPort };
  const c = CONTAINERS[component];
  return { address: `${c.service}:${c.port}`, listenHost: '0.0.0.0', port: c.port, hostPort };
}

/** An application target on this machine, as Prometheus in a container must address it. */
export const targetFor = (target: Target, hostPort: string) => (target === 'compose' ? hostPort.replace(/^(127\.0\.0\.1|localhost):/, `${DOCKER_HOST}:`) : hostPort);

/** A URL on this machine, as a container must address it. */
export const urlFor = (target: Target, url: string) => (target === 'compose' ? url.replace(/^(https?:\/\/)(127\.0\.0\.1|localhost)([:/]|$)/, `$1${DOCKER_HOST}$3`) : url);
