import type { Matcher } from '../routing/matchers.js';
import type { SpecPath } from '../spec/diagnostics.js';
import type { CustomDashboardSpec, DashboardPreset, TimeIntervalSpec } from '../spec/types.js';

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
  source: SpecPath;
}

export interface Alertmanager {
  enabled: boolean;
  address: string;
  port: number;
  resolveTimeout: string;
  route: Route;
  receivers: Receiver[];
  inhibit: Array<{ source: Matcher[]; target: Matcher[]; equal: string[] }>;
  timeIntervals: Array<{ name: string; location?: string; intervals: NonNullable<TimeIntervalSpec['intervals']> }>;
  expectations: Array<{ labels: Record<string, string>; receivers: string[]; source: SpecPath }>;
}

export interface Grafana {
  enabled: boolean;
  address: string;
  port: number;
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
  ports: { http: number; grpc: number; otlpGrpc: number; otlpHttp: number };
  /** host:port of the HTTP API */
  address: string;
}

export interface Model {
  /** the spec file's base name, for headers */
  specName: string;
  project: string;
  environment: string;
  prometheus: {
    scrapeInterval: string;
    scrapeTimeout: string;
    evaluationInterval: string;
    retention: string;
    externalLabels: Record<string, string>;
    address: string;
    port: number;
    /** --web.enable-remote-write-receiver */
    remoteWriteReceiver: boolean;
  };
  alertmanager: Alertmanager;
  /** the prometheus-webhook-dingtalk bridge, when a receiver uses DingTalk */
  dingtalk?: { address: string; port: number };
  nodeExporter: { enabled: boolean; address: string; port: number };
  grafana: Grafana;
  tempo: Tempo;
  loki: { enabled: boolean; address: string; port: number };
  dashboards: { presets: DashboardPreset[]; custom: CustomDashboardSpec[] };
  services: Service[];
  /** every scrape job, the stack's own first */
  jobs: ScrapeJob[];
  ruleGroups: RuleGroup[];
}
