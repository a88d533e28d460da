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
  tracing?: { sampler?: string; ratio?: number };
}

export interface RuleTestSpec {
  interval?: Duration;
  series: Array<{ series: string; values: string }>;
  expect: Array<{
    at: Duration;
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
  severity?: 'info' | 'warning' | 'critical';
  summary?: string;
  description?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  test?: RuleTestSpec;
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
  service?: string;
  metricPrefix?: string;
  thresholds?: Record<string, number | string>;
  rules?: Record<string, RuleOverrideSpec>;
}
export type PackName = 'backend' | 'system' | 'tracing' | 'business' | 'platform' | 'self';

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
    resources?: Resources;
  };
  alertmanager?: { enabled?: boolean; port?: number; resources?: Resources };
  grafana?: Record<string, unknown>;
  tempo?: Record<string, unknown>;
  loki?: Record<string, unknown>;
  exporters?: { node?: { enabled?: boolean; port?: number } };
  services: ServiceSpec[];
  alerts?: {
    runbookBaseUrl?: string;
    packs?: Partial<Record<PackName, PackSpec>>;
    rules?: CustomRuleSpec[];
  };
  notifications?: Record<string, unknown>;
  dashboards?: Record<string, unknown>;
  deploy?: { target?: 'local' | 'compose' | 'kubernetes'; dir?: string };
  verify?: { timeout?: Duration; fireDrill?: boolean; traceRoundTrip?: boolean };
}
