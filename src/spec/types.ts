import type { AnomalySpec } from '../packs/anomaly.js';
import type { CapacitySpec } from '../packs/capacity.js';
import type { EscalationTierSpec } from '../escalation/escalation.js';
import type { SloSpec } from '../slo/types.js';
/**
 * The spec as the user writes it (apiVersion mon/v1), after schema validation.
 * Keep in step with monitoring.schema.json (test/unit/spec/schema-types.test.ts checks the keys).
 */
export type Duration = string;
export type SecretRef = { env: string } | { file: string };
export type Labels = Record<string, string>;
export interface Resources {
  memory?: string;
  cpus?: number;
  reservations?: { memory?: string; cpus?: number };
}

export interface ServiceSpec {
  name: string;
  job?: string;
  runtime?: 'python' | 'go' | 'node' | 'jvm' | 'other';
  targets: string[];
  metricsPath?: string;
  scheme?: 'http' | 'https';
  params?: Record<string, string[]>;
  scrapeInterval?: Duration;
  scrapeTimeout?: Duration;
  honorLabels?: boolean;
  labels?: Labels;
  metricPrefix?: string;
  auth?: { basic?: { username: string; password: SecretRef }; bearer?: SecretRef };
  tracing?: { sampler?: string; ratio?: number; protocol?: 'http/protobuf' | 'grpc' };
  exposes?: ServiceExposure[];
  /** the kubernetes target: a ServiceMonitor (or PodMonitor) for these labels instead of `targets` */
  kubernetes?: { kind?: 'service' | 'pod'; selector: Labels; port: string; namespace?: string };
  /** blackbox_exporter probes of the service's endpoints */
  probes?: ProbeSpec[];
}

/** One blackbox probe: an HTTP URL (expected status codes) or a TCP address. */
export interface ProbeSpec {
  name: string;
  http?: string;
  tcp?: string;
  status?: number[];
  method?: 'GET' | 'HEAD' | 'POST';
  /** https: accept a certificate no CA vouches for (self-signed); its expiry is still watched */
  tlsSkipVerify?: boolean;
  timeout?: Duration;
  interval?: Duration;
}

/** A datastore an exporter watches: where it is and the exporter's credentials, by reference. */
export interface DatastoreSpec {
  address: string;
  user?: string;
  password?: SecretRef;
  /** postgres: the database the exporter connects to (default postgres) */
  database?: string;
  /** postgres: libpq sslmode (default disable) */
  sslmode?: 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  /** the exporter's listen port on the local target */
  exporterPort?: number;
  /** it is a replica or has replicas: adds the pack's replication rules */
  replication?: boolean;
  labels?: Labels;
}
export type DatastoreKind = 'redis' | 'mysql' | 'postgres';
/** What a service's /metrics has: decides which dashboard panels it gets. */
export type ServiceExposure = 'http' | 'process' | 'runtime';

export interface RuleTestSpec {
  interval?: Duration;
  series: Array<{ series: string; values: string }>;
  expect: Array<{
    at: Duration;
    /** a promql_expr_test of this expression instead of the rule's own */
    expr?: string;
    alerts?: Array<{ labels?: Labels; annotations?: Record<string, string> }>;
    samples?: Array<{ labels: string; value: number }>;
  }>;
}

export interface CustomRuleSpec {
  group?: string;
  alert?: string;
  record?: string;
  expr: string;
  for?: Duration;
  keepFiringFor?: Duration;
  severity?: 'info' | 'warning' | 'critical';
  summary?: string;
  description?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  test?: RuleTestSpec;
  /** several unit tests of the rule */
  tests?: RuleTestSpec[];
  /** lint warnings acknowledged for this rule */
  lint?: { ignore?: LintName[] };
  /** tiers: after this long firing unresolved, notify the tier's receiver */
  escalate?: EscalationTierSpec[];
}

export type LintName =
  'rate-non-counter' | 'histogram-quantile-rate' | 'histogram-quantile-le' | 'for-shorter-than-scrape';

/** A rule group as Prometheus writes it (`alerts.groups`). */
export interface RuleGroupSpec {
  name: string;
  interval?: Duration;
  limit?: number;
  queryOffset?: Duration;
  rules: Array<Omit<CustomRuleSpec, 'group'>>;
}

export interface RuleOverrideSpec {
  enabled?: boolean;
  threshold?: number | string;
  for?: Duration;
  severity?: 'info' | 'warning' | 'critical';
  labels?: Labels;
  annotations?: Record<string, string>;
}

/** Every pack section: its parameters, named thresholds and per-rule overrides. */
export interface PackSpec {
  /** the datastore and probes packs are on by themselves: `enabled: false` turns one off */
  enabled?: boolean;
  service?: string;
  metricPrefix?: string;
  thresholds?: Record<string, number | string>;
  rules?: Record<string, RuleOverrideSpec>;
}
export type PackName =
  'backend' | 'system' | 'tracing' | 'business' | 'platform' | 'self' | 'redis' | 'mysql' | 'postgres' | 'probes';

export interface RouteSpec {
  receiver?: string;
  matchers?: string[];
  groupBy?: string[];
  groupWait?: Duration;
  groupInterval?: Duration;
  repeatInterval?: Duration;
  continue?: boolean;
  muteTimeIntervals?: string[];
  activeTimeIntervals?: string[];
  routes?: RouteSpec[];
  /** tiers: after this long firing unresolved, an alert this route matches also goes to the tier's receiver */
  escalate?: EscalationTierSpec[];
}

export interface ReceiverSpec {
  name: string;
  webhook?: { url: string; sendResolved?: boolean; maxAlerts?: number };
  slack?: { apiUrl: SecretRef; channel?: string; sendResolved?: boolean; title?: string; text?: string };
  email?: {
    to: string;
    from: string;
    smarthost: string;
    username?: string;
    password?: SecretRef;
    requireTls?: boolean;
    sendResolved?: boolean;
  };
  dingtalk?: { url: SecretRef; secret?: SecretRef };
  /** exactly one of routingKey (Events API v2) and serviceKey (v1) */
  pagerduty?: { routingKey?: SecretRef; serviceKey?: SecretRef; severity?: string; sendResolved?: boolean };
  /** Alertmanager >= 0.28 */
  msteamsv2?: { webhookUrl: SecretRef; title?: string; text?: string; sendResolved?: boolean };
  /** Alertmanager >= 0.28 */
  jira?: {
    apiUrl: string;
    project: string;
    issueType: string;
    priority?: string;
    labels?: string[];
    summary?: string;
    description?: string;
    username?: string;
    password?: SecretRef;
    token?: SecretRef;
    sendResolved?: boolean;
  };
  /** Alertmanager >= 0.28 */
  rocketchat?: { apiUrl?: string; channel?: string; tokenId: SecretRef; token: SecretRef; sendResolved?: boolean };
  /** Alertmanager >= 0.29 */
  incidentio?: { url: SecretRef; alertSourceToken: SecretRef; maxAlerts?: number; sendResolved?: boolean };
  /** Alertmanager >= 0.30 */
  mattermost?: { webhookUrl: SecretRef; channel?: string; username?: string; text?: string; sendResolved?: boolean };
}

export interface RemoteWriteSpec {
  url: string;
  name?: string;
  auth?: { basic?: { username: string; password: SecretRef }; bearer?: SecretRef };
  queue?: {
    capacity?: number;
    minShards?: number;
    maxShards?: number;
    maxSamplesPerSend?: number;
    batchSendDeadline?: Duration;
    minBackoff?: Duration;
    maxBackoff?: Duration;
  };
  sendExemplars?: boolean;
  writeRelabel?: { keep?: string; drop?: string };
}

export interface TimeIntervalSpec {
  name: string;
  location?: string;
  intervals: Array<{
    times?: Array<{ start: string; end: string }>;
    weekdays?: string[];
    daysOfMonth?: string[];
    months?: string[];
    years?: string[];
  }>;
}

/** Message templates (Go templates over Alertmanager's notification data), per receiver kind. */
export interface NotificationTemplatesSpec {
  email?: { subject?: string; html?: string; text?: string };
  slack?: { title?: string; text?: string };
  dingtalk?: { title?: string; text?: string };
  /** Alertmanager >= 0.32: the webhook's body (webhook_config.payload) */
  webhook?: { payload?: string };
}

export interface NotificationsSpec {
  templates?: NotificationTemplatesSpec;
  resolveTimeout?: Duration;
  receivers?: ReceiverSpec[];
  route?: RouteSpec;
  inhibit?: Array<{ source: string[]; target: string[]; equal?: string[] }>;
  timeIntervals?: TimeIntervalSpec[];
  expect?: Array<{ labels: Labels; receivers: string[] }>;
  /** an always-firing Watchdog alert routed to this receiver only (a dead man's switch) */
  heartbeat?: { receiver: string; repeatInterval?: Duration };
}

export interface GrafanaSpec {
  enabled?: boolean;
  adminUser?: string;
  adminPassword?: SecretRef;
  allowDefaultAdmin?: boolean;
  prometheusUrl?: string;
  port?: number;
  resources?: Resources;
}

export interface TempoSpec {
  enabled?: boolean;
  version?: '2' | '3';
  retention?: Duration;
  storage?:
    | 'local'
    | {
        s3: {
          bucket: string;
          endpoint: string;
          insecure?: boolean;
          forcePathStyle?: boolean;
          accessKey?: SecretRef;
          secretKey?: SecretRef;
        };
      };
  metricsGenerator?: { serviceGraphs?: boolean; spanMetrics?: boolean };
  ports?: { http?: number; grpc?: number; otlpGrpc?: number; otlpHttp?: number };
  resources?: Resources;
}

export interface JaegerSpec {
  storage?: 'memory' | 'badger';
  maxTraces?: number;
  retention?: Duration;
  ports?: {
    query?: number;
    queryGrpc?: number;
    otlpGrpc?: number;
    otlpHttp?: number;
    health?: number;
    metrics?: number;
    spanMetrics?: number;
  };
  resources?: Resources;
}
export interface TracingSpec {
  backend?: 'tempo' | 'jaeger';
  jaeger?: JaegerSpec;
}

export type DashboardPreset = 'backend-monitoring' | 'api-overview' | 'system-resources' | 'tracing' | 'alerts' | 'slo';
export interface PanelSpec {
  title: string;
  type?: 'timeseries' | 'stat' | 'table' | 'gauge' | 'bargauge';
  expr?: string;
  queries?: Array<{ expr: string; legend?: string; exemplar?: boolean }>;
  legend?: string;
  unit?: string;
  datasource?: string;
  width?: number;
  height?: number;
}
export interface CustomDashboardSpec {
  uid: string;
  title: string;
  tags?: string[];
  refresh?: Duration;
  timeFrom?: Duration;
  variables?: Array<{
    name: string;
    label?: string;
    query?: string;
    values?: string[];
    includeAll?: boolean;
    multi?: boolean;
  }>;
  rows: Array<{ title?: string; panels: PanelSpec[] }>;
}

export interface Spec {
  apiVersion: 'mon/v1';
  project: string;
  environment?: string;
  prometheus?: {
    scrapeInterval?: Duration;
    scrapeTimeout?: Duration;
    evaluationInterval?: Duration;
    retention?: Duration;
    externalLabels?: Labels;
    port?: number;
    remoteWriteReceiver?: boolean;
    resources?: Resources;
    /** 3, 3.16 or 3.16.0 */
    version?: string;
    exemplars?: boolean;
    remoteWrite?: RemoteWriteSpec[];
  };
  alertmanager?: { enabled?: boolean; port?: number; resources?: Resources; version?: string };
  grafana?: GrafanaSpec;
  tempo?: TempoSpec;
  tracing?: TracingSpec;
  loki?: { enabled?: boolean; port?: number; resources?: Resources };
  exporters?: {
    node?: { enabled?: boolean; port?: number };
    blackbox?: { port?: number };
    /** Compose only: container metrics */
    cadvisor?: { enabled?: boolean; port?: number };
  };
  datastores?: Partial<Record<DatastoreKind, DatastoreSpec>>;
  services: ServiceSpec[];
  alerts?: {
    runbookBaseUrl?: string;
    /** Prometheus rule group `limit` on every pack group and the custom rules group (a storm guard) */
    limit?: number;
    /** a storm summary: this many firing alerts of one service inhibit its warning/info alerts (src/storm/) */
    storm?: { threshold: number };
    packs?: Partial<Record<PackName, PackSpec>>;
    rules?: CustomRuleSpec[];
    groups?: RuleGroupSpec[];
  };
  notifications?: NotificationsSpec;
  /** service level objectives (src/slo/) */
  slos?: SloSpec[];
  /** capacity: predict_linear of disks, memory and named gauges against their limits (src/packs/capacity.ts) */
  capacity?: CapacitySpec;
  /** anomaly detection, do not page (src/packs/anomaly.ts) */
  anomalies?: AnomalySpec[];
  dashboards?: { presets?: DashboardPreset[]; custom?: CustomDashboardSpec[] };
  deploy?: {
    target?: 'local' | 'compose' | 'kubernetes';
    dir?: string;
    optional?: Array<
      | 'node_exporter'
      | 'tempo'
      | 'grafana'
      | 'loki'
      | 'dingtalk'
      | 'blackbox_exporter'
      | 'redis_exporter'
      | 'mysqld_exporter'
      | 'postgres_exporter'
      | 'cadvisor'
    >;
    kubernetes?: KubernetesSpec;
  };
  verify?: { timeout?: Duration; fireDrill?: boolean; traceRoundTrip?: boolean };
}

/** deploy.kubernetes: how the kubernetes target attaches to a cluster. */
export interface KubernetesSpec {
  mode?: 'standalone' | 'kube-prometheus-stack';
  namespace?: string;
  release?: string;
  context?: string;
  storage?: { size: string; storageClass?: string };
}
