import { files, generatedHeader, LOCAL_HOST } from '../../model/conventions.js';
import { otlpHostPorts } from '../../model/jaeger.js';
import type { Model, Service } from '../../model/types.js';
import type { Generator } from '../types.js';

/** The OpenTelemetry SDK settings an application loads: its name, sampling, and where the tracing backend listens. */
export function samplingEnv(model: Model, s: Service): string {
  const t = s.tracing!;
  const grpc = t.protocol === 'grpc';
  // applications run on the machine: they reach the tracing backend (Tempo or Jaeger) at its published ports on 127.0.0.1
  const otlp = otlpHostPorts(model);
  const endpoint = `http://${LOCAL_HOST}:${grpc ? otlp.grpc : otlp.http}`;
  const lines = [
    generatedHeader(model.specName),
    '# Load into the application environment (docker --env-file, systemd EnvironmentFile, or `set -a; . file`).',
    `OTEL_SERVICE_NAME=${s.name}`,
    `OTEL_RESOURCE_ATTRIBUTES=deployment.environment=${model.environment},service.namespace=${model.project}`,
    `OTEL_TRACES_SAMPLER=${t.sampler}`,
    ...(t.sampler.endsWith('traceidratio') ? [`OTEL_TRACES_SAMPLER_ARG=${t.ratio}`] : []),
    `OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`,
    `OTEL_EXPORTER_OTLP_PROTOCOL=${t.protocol}`,
    'OTEL_TRACES_EXPORTER=otlp',
    // Tempo receives traces only: the SDKs' default metrics and logs exporters (otlp) would post
    // to /v1/metrics and /v1/logs, which Tempo's receiver does not serve (it creates a traces
    // receiver only: modules/distributor/receiver/shim.go at grafana/tempo v2.8.1 and v3.0.0)
    'OTEL_METRICS_EXPORTER=none',
    'OTEL_LOGS_EXPORTER=none',
    '',
  ];
  return lines.join('\n');
}

export const samplingGenerator: Generator = {
  name: 'sampling',
  generate: (model) =>
    model.services
      .filter((s) => s.tracing)
      .map((s) => ({ path: files.samplingEnv(s.name), content: samplingEnv(model, s) })),
};
