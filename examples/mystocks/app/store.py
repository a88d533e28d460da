"""The data side of the MyStocks example backend: a pool of SQLite connections to an in-memory
quotes database (the real app has PostgreSQL and TDengine; SQLite is in Python's standard library,
so the queries here are real queries), and a TTL cache in front of it. Both export the seed's
metrics (db connections active/idle, query duration, cache hits/misses, data-source availability),
and every query runs in a child span of the request's span."""

import queue
import random
import sqlite3
import threading
import time
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

import telemetry as t

DATABASE = "quotes-db"
SYMBOLS = [f"{600000 + i:06d}.SH" for i in range(20)] + [f"{i:06d}.SZ" for i in range(1, 21)]
tracer = trace.get_tracer("mystocks.store")


class DataSourceDown(Exception):
    pass


class Store:
    def __init__(self, pool_size=10, cache_ttl=30.0):
        uri = f"file:mystocks-{id(self)}?mode=memory&cache=shared"
        self._keep = sqlite3.connect(uri, uri=True, check_same_thread=False)  # keeps the database alive
        rng = random.Random(7)
        self._keep.execute("CREATE TABLE quotes (symbol TEXT PRIMARY KEY, name TEXT, price REAL, volume INTEGER)")
        self._keep.executemany(
            "INSERT INTO quotes VALUES (?, ?, ?, ?)",
            [(s, f"Stock {s[:6]}", round(rng.uniform(3, 300), 2), rng.randint(10_000, 5_000_000)) for s in SYMBOLS],
        )
        self._keep.commit()
        self._pool = queue.Queue()
        for _ in range(pool_size):
            self._pool.put(sqlite3.connect(uri, uri=True, check_same_thread=False))
        self._size = pool_size
        self._available = True
        self._cache = {}
        self._lock = threading.Lock()
        self._ttl = cache_ttl
        self._gauges()
        t.DATASOURCE.labels(DATABASE).set(1)

    def _gauges(self):
        idle = self._pool.qsize()
        t.DB_IDLE.labels(DATABASE).set(idle)
        t.DB_ACTIVE.labels(DATABASE).set(self._size - idle)

    def set_available(self, available):
        self._available = available
        t.DATASOURCE.labels(DATABASE).set(1 if available else 0)

    @property
    def available(self):
        return self._available

    @contextmanager
    def _connection(self):
        conn = self._pool.get(timeout=5)
        self._gauges()
        try:
            yield conn
        finally:
            self._pool.put(conn)
            self._gauges()

    def query(self, operation, sql, args=()):
        """One query in a child span named like the statement (db.system, db.statement attributes)."""
        with tracer.start_as_current_span(f"{operation.upper()} quotes", kind=SpanKind.CLIENT) as span:
            span.set_attribute("db.system", "sqlite")
            span.set_attribute("db.name", DATABASE)
            span.set_attribute("db.statement", sql)
            started = time.perf_counter()
            try:
                if not self._available:
                    raise DataSourceDown(f"data source {DATABASE} is unavailable")
                with self._connection() as conn:
                    return conn.execute(sql, args).fetchall()
            except Exception as e:
                span.record_exception(e)
                span.set_status(Status(StatusCode.ERROR, str(e)))
                raise
            finally:
                t.DB_QUERY_DURATION.labels(operation).observe(time.perf_counter() - started)

    def quote(self, symbol):
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(symbol)
        if hit and hit[0] > now:
            t.CACHE_HITS.labels("memory").inc()
            return hit[1]
        t.CACHE_MISSES.labels("memory").inc()
        rows = self.query("select", "SELECT symbol, name, price, volume FROM quotes WHERE symbol = ?", (symbol,))
        value = dict(zip(("symbol", "name", "price", "volume"), rows[0])) if rows else None
        with self._lock:
            self._cache[symbol] = (now + self._ttl, value)
        return value

    def search(self, text):
        rows = self.query("select", "SELECT symbol, name FROM quotes WHERE symbol LIKE ? OR name LIKE ? LIMIT 10", (f"%{text}%", f"%{text}%"))
        return [{"symbol": s, "name": n} for s, n in rows]

    def ping(self):
        try:
            self.query("ping", "SELECT 1")
            return True
        except Exception:
            return False
