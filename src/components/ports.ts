import { defaultPort } from './index.js';

/** The local default ports by the names the spec rules use, derived from the component table. */
export const defaultPorts = {
  prometheus: defaultPort('prometheus'),
  alertmanager: defaultPort('alertmanager'),
  node: defaultPort('node_exporter'),
  dingtalk: defaultPort('dingtalk'),
  grafana: defaultPort('grafana'),
  loki: defaultPort('loki'),
  tempoHttp: defaultPort('tempo', 'http'),
  tempoGrpc: defaultPort('tempo', 'grpc'),
  otlpGrpc: defaultPort('tempo', 'otlpGrpc'),
  otlpHttp: defaultPort('tempo', 'otlpHttp'),
  jaegerQuery: defaultPort('jaeger', 'query'),
  jaegerQueryGrpc: defaultPort('jaeger', 'queryGrpc'),
  jaegerHealth: defaultPort('jaeger', 'http'),
  jaegerMetrics: defaultPort('jaeger', 'metrics'),
  jaegerSpanMetrics: defaultPort('jaeger', 'spanMetrics'),
} as const;
