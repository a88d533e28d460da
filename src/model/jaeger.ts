import type { Spec } from '../spec/types.js';
import { defaultPorts } from './conventions.js';
import { defaults } from './defaults.js';
import type { Target } from './placement.js';
import type { Jaeger, TracingBackend } from './types.js';

export const tracingBackend = (spec: Spec): TracingBackend => spec.tracing?.backend ?? defaults.tracingBackend;

/**
 * Jaeger v2 from `tracing.jaeger`, on when `tracing.backend` is jaeger. Local: every port on
 * 127.0.0.1 as the spec says. Compose (not deployed by mon yet): a `jaeger` container listening on
 * the same ports on all its interfaces, published on 127.0.0.1.
 */
export function jaegerModel(spec: Spec, target: Target): Jaeger {
  const j = spec.tracing?.jaeger ?? {};
  const p = j.ports ?? {};
  const ports = {
    query: p.query ?? defaultPorts.jaegerQuery,
    queryGrpc: p.queryGrpc ?? defaultPorts.jaegerQueryGrpc,
    otlpGrpc: p.otlpGrpc ?? defaultPorts.otlpGrpc,
    otlpHttp: p.otlpHttp ?? defaultPorts.otlpHttp,
    health: p.health ?? defaultPorts.jaegerHealth,
    metrics: p.metrics ?? defaultPorts.jaegerMetrics,
    spanMetrics: p.spanMetrics ?? defaultPorts.jaegerSpanMetrics,
  };
  const local = target === 'local';
  return {
    enabled: tracingBackend(spec) === 'jaeger',
    storage:
      (j.storage ?? defaults.jaeger.storage) === 'badger'
        ? { kind: 'badger', retention: j.retention ?? defaults.jaeger.retention }
        : { kind: 'memory', maxTraces: j.maxTraces ?? defaults.jaeger.maxTraces },
    ports,
    hostPorts: { ...ports },
    listenHost: local ? '127.0.0.1' : '0.0.0.0',
    host: local ? '127.0.0.1' : 'jaeger',
  };
}

/** Where applications on this machine send OTLP: the tracing backend's published receiver ports. */
export function otlpHostPorts(m: { tracingBackend: TracingBackend; tempo: { hostPorts: { otlpGrpc: number; otlpHttp: number } }; jaeger: Jaeger }) {
  const from = m.tracingBackend === 'jaeger' ? m.jaeger.hostPorts : m.tempo.hostPorts;
  return { grpc: from.otlpGrpc, http: from.otlpHttp };
}
