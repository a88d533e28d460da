import type { SpecPath } from '../spec/diagnostics.js';

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
  runtime: 'python' | 'go' | 'node' | 'jvm' | 'other';
  metricPrefix: string;
  source: SpecPath;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** where in the spec this rule comes from, for diagnostics */
  source: SpecPath;
}

export interface RuleGroup {
  name: string;
  /** the pack name, or `custom` */
  pack: string;
  rules: AlertRule[];
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
  };
  alertmanager: { enabled: boolean; address: string; port: number };
  nodeExporter: { enabled: boolean; address: string; port: number };
  services: Service[];
  /** every scrape job, the stack's own first */
  jobs: ScrapeJob[];
  ruleGroups: RuleGroup[];
}
