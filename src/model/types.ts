import type { Heartbeat } from './heartbeat.js';
import type { Matcher } from '../routing/matchers.js';
import type { Receiver } from '../receivers/index.js';
import type { ComponentName } from '../components/index.js';
import type { Version } from './versions.js';
import type { Place, Target } from './placement.js';
import type { SpecPath } from '../spec/diagnostics.js';
import type {
  CustomDashboardSpec,
  NotificationTemplatesSpec,
  DashboardPreset,
  Resources,
  ServiceExposure,
  TimeIntervalSpec,
} from '../spec/types.js';
import type { Datastore, DatastoreKind, Probe } from './datastores.js';
import type { Datasource } from './dashboards/datasources.js';
import type { DashboardPlan } from './dashboards/plan.js';
import type { KubeModel, KubeScrape } from '../targets/kubernetes/model.js';

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
  /** the kubernetes target scrapes this Service or these pods instead of `targets` */
  kubernetes?: KubeScrape;
  /** a blackbox probe: the target goes to /probe?target=&module= of blackbox_exporter at `via` */
  probe?: { module: string; via: string };
  source: SpecPath;
}

export interface Service {
  name: string;
  job: string;
  /** OpenTelemetry sampling, when the spec has `tracing:` for the service */
  tracing?: { sampler: string; ratio: number; protocol: 'http/protobuf' | 'grpc' };
  runtime: 'python' | 'go' | 'node' | 'jvm' | 'other';
  metricPrefix: string;
  /** what its /metrics has (spec `exposes:`, else by runtime): which preset panels it gets */
  exposes: ServiceExposure[];
  /** the first target, as an example instance in generated tests */
  instance: string;
  source: SpecPath;
}

/** A promtool unit test (one entry of a test file's `tests:`). */
export interface UnitTest {
  name: string;
  interval: string;
  series: Array<{ series: string; values: string }>;
  alerts: Array<{
    at: string;
    alert: string;
    expect: Array<{ labels: Record<string, string>; annotations?: Record<string, string> }>;
  }>;
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
  /** lint warnings acknowledged in the spec */
  lintIgnore?: string[];
}

export interface RecordingRule {
  kind: 'record';
  record: string;
  expr: string;
  labels: Record<string, string>;
  source: SpecPath;
  tests: UnitTest[];
  /** lint warnings acknowledged in the spec */
  lintIgnore?: string[];
}

export type Rule = AlertRule | RecordingRule;
export const ruleName = (r: Rule) => (r.kind === 'alert' ? r.alert : r.record);

export interface RuleGroup {
  name: string;
  /** the pack name, or `custom` */
  pack: string;
  /** its evaluation interval, when not the global one */
  interval?: string;
  /** at most this many alerts or series per evaluation (`limit`) */
  limit?: number;
  /** `query_offset` (Prometheus >= 2.53) */
  queryOffset?: string;
  /** where in the spec the group is written (`alerts.groups[i]`), for groups written as such */
  source?: SpecPath;
  /** evaluation_interval of its promtool tests, when not TEST_INTERVAL (SLO tests span days) */
  testEvaluationInterval?: string;
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

export type { Receiver } from '../receivers/index.js';
/** A remote_write destination (a long-term store). */
export interface RemoteWrite {
  url: string;
  name?: string;
  auth?: { kind: 'basic'; username: string; password: Secret } | { kind: 'bearer'; token: Secret };
  queue: {
    capacity?: number;
    minShards?: number;
    maxShards?: number;
    maxSamplesPerSend?: number;
    batchSendDeadline?: string;
    minBackoff?: string;
    maxBackoff?: string;
  };
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
  /** notifications.templates, as written */
  templates?: NotificationTemplatesSpec;
  /** notifications.heartbeat: the Watchdog alert's receiver and repeat */
  heartbeat?: Heartbeat;
}

export interface Grafana extends Place {
  enabled: boolean;
  adminUser: string;
  /** undefined only with allowDefaultAdmin */
  adminPassword?: Secret;
  /** what Grafana's Prometheus datasource points at */
  prometheusUrl: string;
  /** the provisioned datasources (filled from the rest of the model) */
  datasources: Datasource[];
}

export interface Tempo {
  enabled: boolean;
  version: '2' | '3';
  retention: string;
  storage:
    | { kind: 'local' }
    | {
        kind: 's3';
        bucket: string;
        endpoint: string;
        insecure: boolean;
        forcePathStyle: boolean;
        accessKey?: Secret;
        secretKey?: Secret;
      };
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

/** Jaeger v2 (tracing.backend: jaeger): one process receiving OTLP, storing traces, serving span metrics. */
export interface Jaeger {
  enabled: boolean;
  storage: { kind: 'memory'; maxTraces: number } | { kind: 'badger'; retention: string };
  /** the ports Jaeger binds: query HTTP/gRPC, OTLP receivers, health check, own telemetry, span metrics */
  ports: {
    query: number;
    queryGrpc: number;
    otlpGrpc: number;
    otlpHttp: number;
    health: number;
    metrics: number;
    spanMetrics: number;
  };
  /** the same, as published on 127.0.0.1 of the machine */
  hostPorts: Jaeger['ports'];
  listenHost: string;
  /** how the other components reach it: host only; add a port of `ports` */
  host: string;
}

export type TracingBackend = 'tempo' | 'jaeger';

export interface Model {
  /** where the stack runs: addresses, listen hosts and secret paths depend on it */
  target: Target;
  /** the spec file's base name, for headers */
  specName: string;
  project: string;
  environment: string;
  /** container limits and reservations (Compose), per component */
  resources: Partial<Record<ComponentName, Resources>>;
  /** where `mon deploy` puts the stack (deploy.dir); the components that may be absent (deploy.optional) */
  deploy: { dir: string; optional: ComponentName[] };
  /** how `mon up` verifies (verify:) */
  verify: { timeoutMs: number; fireDrill: boolean; traceRoundTrip: boolean };
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
  /** the datastores' exporters (datastores:), one per kind */
  datastores: Partial<Record<DatastoreKind, Datastore>>;
  /** the services' endpoint probes (services[].probes), run by blackbox_exporter */
  probes: Probe[];
  /** blackbox_exporter: on when a service has probes */
  blackbox: { enabled: boolean } & Place;
  /** cAdvisor, container metrics: Compose only (exporters.cadvisor) */
  cadvisor: { enabled: boolean } & Place;
  grafana: Grafana;
  tempo: Tempo;
  /** where applications send spans (tracing.backend) */
  tracingBackend: TracingBackend;
  jaeger: Jaeger;
  loki: { enabled: boolean } & Place;
  /** the presets and custom dashboards of the spec, and their plans (filled from the rest of the model) */
  dashboards: {
    presets: DashboardPreset[];
    custom: CustomDashboardSpec[];
    plans: DashboardPlan[];
    empty: Array<{ preset: DashboardPreset; why: string }>;
  };
  services: Service[];
  /** every scrape job, the stack's own first */
  jobs: ScrapeJob[];
  ruleGroups: RuleGroup[];
  /** deploy.kubernetes, on the kubernetes target */
  kubernetes?: KubeModel;
}
