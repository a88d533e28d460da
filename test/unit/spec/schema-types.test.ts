import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/spec/schema.js';
import type { ServiceSpec, Spec } from '../../../src/spec/types.js';

// Compile-time halves of the check (`npm test` type-checks the tests): every key of the types
// must be listed here, and nothing else.
const specKeys: Record<keyof Spec, true> = {
  apiVersion: true,
  project: true,
  environment: true,
  prometheus: true,
  alertmanager: true,
  grafana: true,
  tempo: true,
  tracing: true,
  loki: true,
  exporters: true,
  datastores: true,
  services: true,
  alerts: true,
  notifications: true,
  slos: true,
  capacity: true,
  anomalies: true,
  dashboards: true,
  deploy: true,
  verify: true,
};
const serviceKeys: Record<keyof ServiceSpec, true> = {
  name: true,
  job: true,
  runtime: true,
  targets: true,
  metricsPath: true,
  scheme: true,
  params: true,
  scrapeInterval: true,
  scrapeTimeout: true,
  honorLabels: true,
  labels: true,
  metricPrefix: true,
  auth: true,
  tracing: true,
  exposes: true,
  kubernetes: true,
  probes: true,
};

describe('schema and types stay in step', () => {
  it('top-level keys', () => {
    expect(
      Object.keys(schema.properties)
        .filter((k) => k !== '$schema')
        .sort(),
    ).toEqual(Object.keys(specKeys).sort());
  });
  it('service keys', () => {
    expect(Object.keys(schema.definitions.service.properties).sort()).toEqual(Object.keys(serviceKeys).sort());
  });
});
