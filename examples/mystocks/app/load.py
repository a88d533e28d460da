#!/usr/bin/env python3
"""A bounded load for the MyStocks example backend: a fixed number of requests, a fixed mix of
endpoints, a few at a time; then a summary of what was answered and which requests the backend
sampled (from its `traceresponse` header).

  python load.py --url http://127.0.0.1:8000 [--requests 200] [--concurrency 4]
                 [--mix quotes=6,search=2,health=1,fail=1] [--parent none|sampled|unsampled]
                 [--seed 1] [--json] [--trace-ids FILE]

--parent sends a W3C traceparent with each request (a sampled or an unsampled remote parent), so
that the backend's parent-based sampler must follow it instead of its ratio.
"""

import argparse
import json
import os
import random
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PATHS = {
    "quotes": lambda rng: f"/api/market/quotes?symbol={rng.choice(SYMBOLS)}",
    "search": lambda rng: f"/api/stocks/search?q={rng.randint(600000, 600019)}",
    "health": lambda rng: "/api/health",
    "fail": lambda rng: "/api/orders/fail",
}
SYMBOLS = [f"{600000 + i:06d}.SH" for i in range(20)]


def parse_mix(text):
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name not in PATHS:
            raise SystemExit(f"error: --mix: unknown endpoint {name!r} (one of {', '.join(PATHS)})")
        mix[name] = int(weight or 1)
    return mix


def one(base, path, parent):
    headers = {}
    if parent != "none":
        flags = "01" if parent == "sampled" else "00"
        headers["traceparent"] = f"00-{os.urandom(16).hex()}-{os.urandom(8).hex()}-{flags}"
    req = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            r.read()
            return r.status, r.headers.get("traceresponse")
    except urllib.error.HTTPError as e:
        e.read()
        return e.code, e.headers.get("traceresponse")


def main(argv=None):
    p = argparse.ArgumentParser(description="bounded load for the MyStocks example backend")
    p.add_argument("--url", default="http://127.0.0.1:8000")
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--mix", default="quotes=6,search=2,health=1,fail=1")
    p.add_argument("--parent", choices=["none", "sampled", "unsampled"], default="none")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true")
    p.add_argument("--trace-ids", help="write every request's trace id and sampled flag here: `<trace-id> <0|1>` a line")
    a = p.parse_args(argv)
    if not 0 < a.requests <= 100_000 or not 0 < a.concurrency <= 64:
        raise SystemExit("error: --requests must be 1..100000 and --concurrency 1..64")
    mix = parse_mix(a.mix)
    rng = random.Random(a.seed)
    names = rng.choices(list(mix), weights=list(mix.values()), k=a.requests)
    paths = [PATHS[n](rng) for n in names]
    with ThreadPoolExecutor(a.concurrency) as pool:
        results = list(pool.map(lambda path: one(a.url.rstrip("/"), path, a.parent), paths))
    status, sampled, unsampled, lines = {}, [], [], []
    for code, tr in results:
        status[str(code)] = status.get(str(code), 0) + 1
        if tr:
            _, trace_id, _, flags = tr.split("-")
            on = int(flags, 16) & 1
            (sampled if on else unsampled).append(trace_id)
            lines.append(f"{trace_id} {on}\n")
    summary = {
        "requests": a.requests,
        "status": dict(sorted(status.items())),
        "endpoints": {n: names.count(n) for n in mix},
        "sampled": len(sampled),
        "unsampled": len(unsampled),
        "sampledFraction": len(sampled) / a.requests,
    }
    if a.trace_ids:
        with open(a.trace_ids, "w", encoding="utf-8") as f:
            f.write("".join(lines))
    if a.json:
        print(json.dumps(summary))
    else:
        print(f"{a.requests} requests: status {summary['status']}; sampled {len(sampled)} ({summary['sampledFraction']:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
