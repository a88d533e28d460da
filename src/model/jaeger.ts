import type { Spec } from '../spec/types.js';
import { defaultPort } from '../components/index.js';
import type { Placement } from '../targets/types.js';
import { defaults } from './defaults.js';
import type { Jaeger, TracingBackend } from './types.js';

export const tracingBackend = (spec: Spec): TracingBackend => spec.tracing?.backend ?? defaults.tracingBackend;

/**
 * Jaeger v2 from `tracing.jaeger`, on when `tracing.backend` is jaeger. Local: every port on
 * 127.0.0.1 as the spec says. Compose (not deployed by mon yet): a `jaeger` container listening on
 * the same ports on all its interfaces, published on 127.0.0.1.
 */
export function jaegerModel(spec: Spec, placement: Placement): Jaeger {
  const j = spec.tracing?.jaeger ?? {};
  const p = j.ports ?? {};
  const ports = {
    query: p.query ?? defaultPort('jaeger', 'query'),
    queryGrpc: p.queryGrpc ?? defaultPort('jaeger', 'queryGrpc'),
    otlpGrpc: p.otlpGrpc ?? defaultPort('jaeger', 'otlpGrpc'),
    otlpHttp: p.otlpHttp ?? defaultPort('jaeger', 'otlpHttp'),
    health: p.health ?? defaultPort('jaeger', 'http'),
    metrics: p.metrics ?? defaultPort('jaeger', 'metrics'),
    spanMetrics: p.spanMetrics ?? defaultPort('jaeger', 'spanMetrics'),
  };
  // the health port answers readiness; every other port binds where that one does
  const at = placement.place('jaeger', 'http', ports.health);
  return {
    enabled: tracingBackend(spec) === 'jaeger',
    storage:
      (j.storage ?? defaults.jaeger.storage) === 'badger'
        ? { kind: 'badger', retention: j.retention ?? defaults.jaeger.retention }
        : { kind: 'memory', maxTraces: j.maxTraces ?? defaults.jaeger.maxTraces },
    ports,
    hostPorts: { ...ports },
    listenHost: at.listenHost,
    host: at.address.slice(0, at.address.lastIndexOf(':')),
  };
}

/** Where applications on this machine send OTLP: the tracing backend's published receiver ports. */
export function otlpHostPorts(m: {
  tracingBackend: TracingBackend;
  tempo: { hostPorts: { otlpGrpc: number; otlpHttp: number } };
  jaeger: Jaeger;
}) {
  const from = m.tracingBackend === 'jaeger' ? m.jaeger.hostPorts : m.tempo.hostPorts;
  return { grpc: from.otlpGrpc, http: from.otlpHttp };
}
