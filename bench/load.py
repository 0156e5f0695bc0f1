"""Load: 50 concurrent clients on /health plus 20 concurrent authenticated clients. Budget: 0 errors.

Starts `manage.py runlocal` (embedded emulator + demo data + the threaded dev
server) on a free port in a child process, logs the demo traders in through
/api/auth/login, then runs both client groups at once for DURATION seconds and
prints throughput, latency percentiles and the error count.

    .venv/bin/python bench/load.py [--duration 20]
"""

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_TRADERS = ["alice", "bob", "carol"]
DEMO_PASSWORD = "Demo-Trader-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runlocal", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not become healthy within 60 s")


def login(port: int, username: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps({"username": username, "password": DEMO_PASSWORD})
    conn.request("POST", "/api/auth/login", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = json.loads(response.read())
    if response.status != 200:
        raise SystemExit(f"login failed for {username}: {response.status} {payload}")
    return payload["access_token"]


class Worker(threading.Thread):
    def __init__(self, port, path, headers, stop_at):
        super().__init__(daemon=True)
        self.port, self.path, self.headers, self.stop_at = port, path, headers, stop_at
        self.latencies, self.errors = [], []

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.time() < self.stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", self.path, headers=self.headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    self.errors.append(response.status)
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(type(exc).__name__)
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.latencies.append(time.perf_counter() - started)


def summarize(name: str, workers: list[Worker], seconds: float) -> int:
    latencies = sorted(latency for w in workers for latency in w.latencies)
    errors = [e for w in workers for e in w.errors]
    if not latencies:
        print(f"{name}: no requests completed")
        return 1
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(
        f"{name}: {len(workers)} clients, {len(latencies)} requests, {len(latencies) / seconds:.0f} req/s, "
        f"p50 {p(0.50):.0f} ms, p95 {p(0.95):.0f} ms, p99 {p(0.99):.0f} ms, "
        f"mean {statistics.mean(latencies) * 1000:.0f} ms, errors {len(errors)}"
        + (f" {sorted(set(map(str, errors)))}" if errors else "")
    )
    return len(errors)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        tokens = [login(port, name) for name in DEMO_TRADERS]
        stop_at = time.time() + args.duration
        health = [Worker(port, "/health", {}, stop_at) for _ in range(50)]
        authed = [
            Worker(port, "/api/me", {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}, stop_at) for i in range(20)
        ]
        for worker in health + authed:
            worker.start()
        for worker in health + authed:
            worker.join()
        errors = summarize("GET /health ", health, args.duration) + summarize("GET /api/me ", authed, args.duration)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("budget: 0 errors —", "met" if errors == 0 else f"MISSED ({errors} errors)")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
