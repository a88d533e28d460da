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

export interface CustomRuleSpec {
  alert: string;
  expr: string;
  for?: Duration;
  severity?: 'info' | 'warning' | 'critical';
  summary?: string;
  description?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
}

export interface BackendPackSpec {
  service: string;
  thresholds?: {
    memoryWarning?: string | number;
    memoryCritical?: string | number;
    cpu?: number;
    gcRate?: number;
    virtualMemory?: string | number;
  };
}
export interface SystemPackSpec {
  thresholds?: { memoryPercent?: number };
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
    packs?: { backend?: BackendPackSpec; system?: SystemPackSpec };
    rules?: CustomRuleSpec[];
  };
  notifications?: Record<string, unknown>;
  dashboards?: Record<string, unknown>;
  deploy?: { target?: 'local' | 'compose' | 'kubernetes'; dir?: string };
  verify?: { timeout?: Duration; fireDrill?: boolean; traceRoundTrip?: boolean };
}
