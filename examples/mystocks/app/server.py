#!/usr/bin/env python3
"""The MyStocks example backend: a small real HTTP service instrumented like the seed's backend
(prometheus_client for /metrics, the OpenTelemetry SDK with the OTLP exporter for traces).

  python server.py [--host 127.0.0.1] [--port 8000] [--env-file tracing/mystocks-backend.env]

Endpoints: GET /api/health, GET /api/market/quotes?symbol=600000.SH (cache, then a "db" child
span), GET /api/stocks/search?q=6000 (a "db" child span), GET /api/orders/fail (fails on
demand: 500 and an error span), POST /admin/datasource?available=0|1 (takes the quotes
database down or up), GET /metrics (also with ?format=prometheus, as the seed scrapes it).
Every response carries `traceresponse: 00-<trace-id>-<span-id>-<flags>` (W3C Trace Context
Level 2), so a client can tell which requests were sampled.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import telemetry as t  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description="MyStocks example backend")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--env-file", help="mon's generated tracing/<service>.env (OTEL_* settings)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.env_file:
        t.load_env_file(args.env_file)
    provider = t.setup_tracing()

    # after the provider is set: the store's and the handler's tracers resolve to it
    from opentelemetry import propagate, trace
    from opentelemetry.trace import SpanKind, Status, StatusCode
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    from store import DATABASE, Store

    store = Store()
    tracer = trace.get_tracer("mystocks.http")
    t.API_HEALTH.labels("/api/health").set(1)

    class Failure(Exception):
        status = 500

    def health(_q):
        ok = store.ping()
        t.API_HEALTH.labels("/api/health").set(1 if ok else 0)
        return (200, {"status": "ok"}) if ok else (503, {"status": "degraded", "datasource": DATABASE})

    def quotes(q):
        symbol = q.get("symbol", ["600000.SH"])[0]
        value = store.quote(symbol)
        return (200, value) if value else (404, {"error": f"unknown symbol {symbol}"})

    def search(q):
        return 200, store.search(q.get("q", [""])[0])

    def fail(_q):
        raise Failure("order submission failed (GET /api/orders/fail fails on demand)")

    routes = {"/api/health": health, "/api/market/quotes": quotes, "/api/stocks/search": search, "/api/orders/fail": fail}

    class Handler(BaseHTTPRequestHandler):
        server_version = "mystocks-backend"
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):  # no access log: the metrics and traces say it
            pass

        def _send(self, status, body, content_type="application/json", headers=None):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/metrics":
                return self._send(200, generate_latest(), CONTENT_TYPE_LATEST)
            handler = routes.get(url.path)
            if handler is None:
                return self._send(404, {"error": f"no route {url.path}"})
            self._traced("GET", url.path, lambda: handler(parse_qs(url.query)))

        def do_POST(self):
            url = urlparse(self.path)
            if url.path != "/admin/datasource":
                return self._send(404, {"error": f"no route {url.path}"})
            available = parse_qs(url.query).get("available", ["1"])[0] not in ("0", "false")
            store.set_available(available)
            self._send(200, {"datasource": DATABASE, "available": available})

        def _traced(self, method, route, handle):
            started = time.perf_counter()
            t.HTTP_IN_PROGRESS.inc()
            # header names are case-insensitive; the propagator's default getter is not (W3C names are lower-case)
            parent = propagate.extract({k.lower(): v for k, v in self.headers.items()})
            with tracer.start_as_current_span(f"{method} {route}", context=parent, kind=SpanKind.SERVER) as span:
                span.set_attribute("http.request.method", method)
                span.set_attribute("http.route", route)
                span.set_attribute("url.path", self.path)
                try:
                    status, body = handle()
                except Exception as e:
                    status, body = getattr(e, "status", 500), {"error": str(e)}
                    span.record_exception(e)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR, f"HTTP {status}"))
                ctx = span.get_span_context()
                headers = {"traceresponse": f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{int(ctx.trace_flags):02x}"}
                self._send(status, body, headers=headers)
            t.HTTP_IN_PROGRESS.dec()
            t.HTTP_REQUESTS.labels(method, route, str(status)).inc()
            t.HTTP_DURATION.labels(method, route).observe(time.perf_counter() - started)

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"MyStocks backend on http://{args.host}:{server.server_port}/metrics; {t.describe_tracing(provider)}", flush=True)
    # SIGTERM (mon down, a test's stop) ends serving; the finally below still flushes the spans
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if provider is not None:
            provider.shutdown()  # flushes the spans still in the batch


if __name__ == "__main__":
    main()
