import type { Model, Secret } from '../model/types.js';
import { alertmanager } from './alertmanager.js';
import { blackboxExporter } from './blackbox-exporter.js';
import { cadvisor } from './cadvisor.js';
import { mysqldExporter } from './mysqld-exporter.js';
import { postgresExporter } from './postgres-exporter.js';
import { redisExporter } from './redis-exporter.js';
import { dingtalk } from './dingtalk.js';
import { grafana } from './grafana.js';
import { jaeger } from './jaeger.js';
import { loki } from './loki.js';
import { nodeExporter } from './node-exporter.js';
import { prometheus } from './prometheus.js';
import { tempo } from './tempo.js';
import type { ComponentSpec } from './types.js';

/**
 * The component table: one row per component, in the order mon starts, lists and checks them.
 * A new component is a file in this folder and a line here; the compiler then asks for every fact.
 */
export const COMPONENTS = {
  prometheus,
  alertmanager,
  dingtalk,
  node_exporter: nodeExporter,
  blackbox_exporter: blackboxExporter,
  redis_exporter: redisExporter,
  mysqld_exporter: mysqldExporter,
  postgres_exporter: postgresExporter,
  cadvisor,
  tempo,
  jaeger,
  loki,
  grafana,
} as const satisfies Record<string, ComponentSpec>;

export type ComponentName = keyof typeof COMPONENTS;
export const COMPONENT_NAMES = Object.keys(COMPONENTS) as ComponentName[];
export const component = (name: ComponentName): ComponentSpec => COMPONENTS[name];

/** The components this model's stack has, in table order. */
export const enabledComponents = (model: Model): ComponentName[] =>
  COMPONENT_NAMES.filter((n) => component(n).enabled(model));

/** Which component reads which secret: the one statement of it, for resolution, local deploy and Compose. */
export const componentSecrets = (model: Model): Record<ComponentName, Secret[]> =>
  Object.fromEntries(
    COMPONENT_NAMES.map((n) => [n, component(n).enabled(model) ? component(n).secrets(model) : []]),
  ) as Record<ComponentName, Secret[]>;

/** Local default ports, by port name (prometheus, tempoHttp, otlpGrpc, ...). */
export const defaultPort = (name: ComponentName, port = 'http'): number => component(name).ports[port]!.local;

/** Scrape jobs of the stack's own components: job -> component. */
export const componentJobs = (): Map<string, ComponentName> =>
  new Map(
    COMPONENT_NAMES.flatMap((n) =>
      [...(component(n).job ? [component(n).job!] : []), ...(component(n).extraJobs ?? [])].map((j) => [j, n] as const),
    ),
  );
