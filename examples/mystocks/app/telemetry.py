"""Telemetry of the MyStocks example backend: the seed's Prometheus metrics (002_415c0710881a1df7.txt)
and an OpenTelemetry tracer configured only from the environment, as mon's generated
tracing/<service>.env sets it (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER,
OTEL_TRACES_SAMPLER_ARG, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL).

The SDK reads the sampler from the environment itself (TracerProvider without a sampler calls
opentelemetry.sdk.trace.sampling._get_from_env_or_default), the resource from OTEL_SERVICE_NAME and
OTEL_RESOURCE_ATTRIBUTES (Resource.create), and the exporters read OTEL_EXPORTER_OTLP_ENDPOINT
(the HTTP one appends v1/traces). Only the exporter class is chosen here, from the protocol.
"""

import os

import prometheus_client
from prometheus_client import Counter, Gauge, Histogram

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

# mystocks_cache_hits_total and the other counters without a *_created sample beside them
prometheus_client.disable_created_metrics()

HTTP_REQUESTS = Counter("mystocks_http_requests_total", "HTTP requests handled.", ["method", "endpoint", "status"])
HTTP_DURATION = Histogram(
    "mystocks_http_request_duration_seconds",
    "HTTP request duration in seconds.",
    ["method", "endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5),
)
HTTP_IN_PROGRESS = Gauge("mystocks_http_requests_in_progress", "HTTP requests being handled.")
DB_ACTIVE = Gauge("mystocks_db_connections_active", "Database connections in use.", ["database"])
DB_IDLE = Gauge("mystocks_db_connections_idle", "Database connections idle in the pool.", ["database"])
DB_QUERY_DURATION = Histogram(
    "mystocks_db_query_duration_seconds",
    "Database query duration in seconds.",
    ["operation"],
    buckets=(0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5),
)
CACHE_HITS = Counter("mystocks_cache_hits_total", "Quote cache hits.", ["cache"])
CACHE_MISSES = Counter("mystocks_cache_misses_total", "Quote cache misses.", ["cache"])
API_HEALTH = Gauge("mystocks_api_health_status", "API health (1 healthy, 0 unhealthy).", ["endpoint"])
DATASOURCE = Gauge("mystocks_datasource_availability", "Data source availability (1 available, 0 not).", ["datasource"])


def load_env_file(path):
    """KEY=VALUE lines of a generated env file into os.environ (the file wins); returns the keys set."""
    keys = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            os.environ[key.strip()] = value.strip()
            keys.append(key.strip())
    return keys


def _exporter(protocol):
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    elif protocol in ("http/protobuf", ""):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    else:
        raise SystemExit(f"error: OTEL_EXPORTER_OTLP_PROTOCOL={protocol} is not supported (http/protobuf or grpc)")
    return OTLPSpanExporter()


def setup_tracing():
    """A tracer provider from the environment; None when OTEL_TRACES_EXPORTER=none."""
    if os.environ.get("OTEL_TRACES_EXPORTER", "otlp") == "none":
        return None
    provider = TracerProvider(resource=Resource.create())
    provider.add_span_processor(BatchSpanProcessor(_exporter(os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))))
    trace.set_tracer_provider(provider)
    return provider


def describe_tracing(provider):
    if provider is None:
        return "tracing off (OTEL_TRACES_EXPORTER=none)"
    return (
        f"service {provider.resource.attributes.get('service.name')}, sampler {provider.sampler.get_description()}, "
        f"OTLP {os.environ.get('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf')} to {os.environ.get('OTEL_EXPORTER_OTLP_ENDPOINT', '(SDK default)')}"
    )
