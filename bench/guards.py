"""The cost of the write guards (rate limit + Idempotency-Key) on a write and a read, as a ratio
against the same request without them, through Django + DRF on the embedded emulator.

Interleaves guarded and unguarded requests (median of N each): a write is POST /api/binders/
(a new name each time), with every limit on and an Idempotency-Key; a read is GET of one
binder, with every limit at its tightest and a key sent (reads must ignore both). Prints
median ms, DynamoDB calls per request and the ratios. Latency is moto's: read the calls as
the portable number.

    .venv/bin/python bench/guards.py [--requests 40]
"""

import argparse
import statistics
import time
import uuid
from collections import Counter

from django.conf import settings
from harness import Trader  # sets Django up

from tradeapi import aws
from tradeapi.local import stack

ON = {"auth": "1000/minute", "trade-proposals": "1000/hour", "card-writes": "1000/minute", "reports": "1000/day"}


def timed(call) -> tuple[float, Counter]:
    calls = Counter()

    def listen(service, operation):
        if service == "dynamodb":
            calls[operation] += 1

    aws.add_call_listener(listen)
    try:
        start = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - start) * 1000
    finally:
        aws.remove_call_listener(listen)
    assert response.status_code < 300, (response.status_code, response.content[:300])
    return elapsed, calls


def run(n: int, plain, guarded) -> dict:
    results = {"plain": ([], Counter()), "guarded": ([], Counter())}
    configured = dict(settings.RATE_LIMITS)
    for i in range(n):
        for label, call, limits in (
            ("plain", plain, {name: "" for name in configured}),
            ("guarded", guarded, {**configured, **ON, "writes": "100000/minute"}),
        ):
            settings.RATE_LIMITS = limits
            ms, calls = timed(lambda call=call, i=i: call(i))
            results[label][0].append(ms)
            results[label][1].update(calls)
    settings.RATE_LIMITS = configured
    return {label: (statistics.median(times), calls) for label, (times, calls) in results.items()}


def row(label: str, measured: dict, n: int) -> None:
    plain_ms, plain_calls = measured["plain"]
    guarded_ms, guarded_calls = measured["guarded"]
    extra = Counter(guarded_calls)
    extra.subtract(plain_calls)
    per = ", ".join(f"{op} {count / n:+g}" for op, count in sorted(extra.items()) if count) or "none"
    print(f"| {label} | {plain_ms:.1f} ms | {guarded_ms:.1f} ms | {guarded_ms / plain_ms:.2f} x | {per} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    n = parser.parse_args().requests
    emulator, _local = stack.start()
    try:
        client = Trader().client
        tag = uuid.uuid4().hex[:6]
        binder = client.post("/api/binders/", {"name": f"Bench {tag}"}, format="json")["Location"]

        def write(key: bool):
            def call(i):
                headers = {"HTTP_IDEMPOTENCY_KEY": f"bench-{tag}-{i}"} if key else {}
                name = f"{uuid.uuid4().hex[:8]} {tag} {i}"
                return client.post("/api/binders/", {"name": name}, format="json", **headers)

            return call

        def read(key: bool):
            return lambda i: client.get(binder, **({"HTTP_IDEMPOTENCY_KEY": f"r{i}"} if key else {}))

        print("| Request | Without guards | With guards | Ratio | Extra DynamoDB calls per request |")
        print("|---|---|---|---|---|")
        row("write: POST /api/binders/ (limit only)", run(n, write(False), write(False)), n)
        row("write: POST /api/binders/ (limit + Idempotency-Key)", run(n, write(False), write(True)), n)
        row("read: GET /api/binders/{id}/ (limits on, key sent)", run(n, read(False), read(True)), n)
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
