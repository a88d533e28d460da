import type { Place } from './placement.js';
import type { Secret } from './types.js';

/** Datastore kinds mon runs an exporter for; each has its scrape job and its pack of the same name. */
export const DATASTORE_KINDS = ['redis', 'mysql', 'postgres'] as const;
export type DatastoreKind = (typeof DATASTORE_KINDS)[number];

/** The exporter's own scrape job for each datastore kind, and for the blackbox and cAdvisor exporters. */
export const exporterJobs = {
  redis: 'redis',
  mysql: 'mysql',
  postgres: 'postgres',
  blackbox: 'blackbox',
  cadvisor: 'cadvisor',
} as const;

/** A datastore as its exporter sees it: address, credentials by reference, the exporter's place. */
export interface Datastore {
  kind: DatastoreKind;
  /** host:port of the datastore, as the exporter reaches it */
  address: string;
  user?: string;
  password?: Secret;
  database: string;
  sslmode: string;
  labels: Record<string, string>;
  /** where its exporter listens */
  exporter: Place;
}

/** One blackbox probe of one service: a module of the blackbox config and a scrape job. */
export interface Probe {
  service: string;
  name: string;
  prober: 'http' | 'tcp';
  /** the URL (http) or host:port (tcp), as blackbox_exporter reaches it */
  target: string;
  /** expected HTTP status codes (empty: any 2xx, blackbox_exporter's default) */
  status: number[];
  method: 'GET' | 'HEAD' | 'POST';
  tlsSkipVerify: boolean;
  timeout: string;
  interval?: string;
  /** the blackbox module and the scrape job */
  module: string;
  job: string;
  source: Array<string | number>;
}

/** The blackbox module and job of a probe: `<service>_<probe>` and `probe-<service>-<probe>`. */
export const probeModule = (service: string, probe: string) => `${service}_${probe}`.replace(/[^A-Za-z0-9_]/g, '_');
export const probeJob = (service: string, probe: string) => `probe-${service}-${probe}`;
/** The labels each probe's target carries: which service and which probe. */
export const probeLabels = { service: 'service', probe: 'probe' } as const;
