import type { Matcher } from '../routing/matchers.js';
import type { NewerReceiverModels } from './receivers-newer.js';
import type { Version } from './versions.js';
import type { Place, Target } from './placement.js';
import type { SpecPath } from '../spec/diagnostics.js';
import type { CustomDashboardSpec, DashboardPreset, Resources, TimeIntervalSpec } from '../spec/types.js';

/** The normalised model: defaults filled, references resolved. Generators see only this. */
export type Secret = { kind: 'env'; name: string } | { kind: 'file'; path: string };

export interface ScrapeJob {
  name: string;
  targets: string[];
  metricsPath: string;
  scheme: 'http' | 'https';
  params: Record<string, string[]>;
  /** only when it differs from the global setting */
  interval?: string;
  timeout?: string;
  honorLabels: boolean;
  labels: Record<string, string>;
  auth?: { kind: 'basic'; username: string; password: Secret } | { kind: 'bearer'; token: Secret };
  source: SpecPath;
}

export interface Service {
  name: string;
  job: string;
  /** OpenTelemetry sampling, when the spec has `tracing:` for the service */
  tracing?: { sampler: string; ratio: number; protocol: 'http/protobuf' | 'grpc' };
  runtime: 'python' | 'go' | 'node' | 'jvm' | 'other';
  metricPrefix: string;
  /** the first target, as an example instance in generated tests */
  instance: string;
  source: SpecPath;
}

/** A promtool unit test (one entry of a test file's `tests:`). */
export interface UnitTest {
  name: string;
  interval: string;
  series: Array<{ series: string; values: string }>;
  alerts: Array<{ at: string; alert: string; expect: Array<{ labels: Record<string, string>; annotations?: Record<string, string> }> }>;
  samples: Array<{ at: string; expr: string; expect: Array<{ labels: string; value: number }> }>;
}

export interface AlertRule {
  kind: 'alert';
  alert: string;
  expr: string;
  for?: string;
  /** keep_firing_for (Prometheus >= 2.42) */
  keepFiringFor?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** where in the spec this rule comes from, for diagnostics */
  source: SpecPath;
  tests: UnitTest[];
}

export interface RecordingRule {
  kind: 'record';
  record: string;
  expr: string;
  labels: Record<string, string>;
  source: SpecPath;
  tests: UnitTest[];
}

export type Rule = AlertRule | RecordingRule;
export const ruleName = (r: Rule) => (r.kind === 'alert' ? r.alert : r.record);

export interface RuleGroup {
  name: string;
  /** the pack name, or `custom` */
  pack: string;
  rules: Rule[];
}

export interface Route {
  receiver: string;
  matchers: Matcher[];
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  continue: boolean;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  routes: Route[];
  source: SpecPath;
}

export interface Receiver {
  name: string;
  webhook?: { url: string; sendResolved: boolean; maxAlerts?: number };
  slack?: { apiUrl: Secret; channel?: string; sendResolved: boolean; title?: string; text?: string };
  email?: { to: string; from: string; smarthost: string; username?: string; password?: Secret; requireTls: boolean; sendResolved: boolean };
  /** posted to the DingTalk bridge, target of the same name */
  dingtalk?: { url: Secret; secret?: Secret };
  pagerduty?: { routingKey: Secret; severity?: string; sendResolved: boolean };
  /** the receivers added since Alertmanager 0.28 (msteamsv2, jira, rocketchat, incidentio, mattermost) */
  newer?: NewerReceiverModels;
  source: SpecPath;
}

/** A remote_write destination (a long-term store). */
export interface RemoteWrite {
  url: string;
  name?: string;
  auth?: { kind: 'basic'; username: string; password: Secret } | { kind: 'bearer'; token: Secret };
  queue: { capacity?: number; minShards?: number; maxShards?: number; maxSamplesPerSend?: number; batchSendDeadline?: string; minBackoff?: string; maxBackoff?: string };
  sendExemplars: boolean;
  writeRelabel?: { keep?: string; drop?: string };
  source: SpecPath;
}

export interface Alertmanager extends Place {
  enabled: boolean;
  /** the version generated for (and run, on the local target) */
  version: Version;
  resolveTimeout: string;
  route: Route;
  receivers: Receiver[];
  inhibit: Array<{ source: Matcher[]; target: Matcher[]; equal: string[] }>;
  timeIntervals: Array<{ name: string; location?: string; intervals: NonNullable<TimeIntervalSpec['intervals']> }>;
  expectations: Array<{ labels: Record<string, string>; receivers: string[]; source: SpecPath }>;
}

export interface Grafana extends Place {
  enabled: boolean;
  adminUser: string;
  /** undefined only with allowDefaultAdmin */
  adminPassword?: Secret;
  /** what Grafana's Prometheus datasource points at */
  prometheusUrl: string;
}

export interface Tempo {
  enabled: boolean;
  version: '2' | '3';
  retention: string;
  storage: { kind: 'local' } | { kind: 's3'; bucket: string; endpoint: string; insecure: boolean; forcePathStyle: boolean; accessKey?: Secret; secretKey?: Secret };
  serviceGraphs: boolean;
  spanMetrics: boolean;
  /** the ports Tempo binds */
  ports: { http: number; grpc: number; otlpGrpc: number; otlpHttp: number };
  /** the same, as published on 127.0.0.1 of the machine (where applications send spans) */
  hostPorts: { http: number; grpc: number; otlpGrpc: number; otlpHttp: number };
  listenHost: string;
  /** host:port of the HTTP API */
  address: string;
}

export interface Model {
  /** where the stack runs: addresses, listen hosts and secret paths depend on it */
  target: Target;
  /** the spec file's base name, for headers */
  specName: string;
  project: string;
  environment: string;
  /** container limits and reservations (Compose), per component */
  resources: Partial<Record<'prometheus' | 'alertmanager' | 'grafana' | 'tempo' | 'loki', Resources>>;
  prometheus: {
    scrapeInterval: string;
    scrapeTimeout: string;
    evaluationInterval: string;
    retention: string;
    externalLabels: Record<string, string>;
    address: string;
    listenHost: string;
    port: number;
    hostPort: number;
    /** --web.enable-remote-write-receiver */
    remoteWriteReceiver: boolean;
    /** the version generated for (and run, on the local target): the PromQL dialect, flags and keys follow it */
    version: Version;
    /** --enable-feature=exemplar-storage */
    exemplars: boolean;
    remoteWrite: RemoteWrite[];
  };
  alertmanager: Alertmanager;
  /** the prometheus-webhook-dingtalk bridge, when a receiver uses DingTalk */
  dingtalk?: Place;
  nodeExporter: { enabled: boolean } & Place;
  grafana: Grafana;
  tempo: Tempo;
  loki: { enabled: boolean } & Place;
  dashboards: { presets: DashboardPreset[]; custom: CustomDashboardSpec[] };
  services: Service[];
  /** every scrape job, the stack's own first */
  jobs: ScrapeJob[];
  ruleGroups: RuleGroup[];
}
