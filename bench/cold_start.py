"""Cold start without SnapStart: fresh process -> first authenticated response, through Zappa's Lambda handler.

Budgets: the real package <= 1.3 x (a) and <= 1.15 x (b), same handler, same run:
  (a) a bare Django + DRF app verifying the same JWT; (b) the same plus one GetItem on the same table.

Builds (or reuses) the real package (`make package`), unzips it, and for each of
--runs rounds starts fresh `python -S` processes, each acting as the Lambda runtime
(tests/deploy/lambda_runner.py; libraries: the package + what the runtime provides),
and times process start -> the response to one API Gateway REST event:
  - tradeapi:      GET /api/me with a Cognito access token (JWT verified against the
                   bundled JWKS, the profile read from DynamoDB in the emulator)
  - (a), (b):      GET /me on bench/bare_apps.py's one-view projects (same Django, DRF,
                   PyJWT, Zappa, handler and bytecode)
  - tradeapi:      GET /health (what the package test's cold /health measures)
and, in one more process, the handler's time for GET /api/me right after SnapStart's
before-snapshot hook (what a restored environment's first request pays, less the restore).
The emulator runs in this process, bootstrapped as the tests do.

    .venv/bin/python bench/cold_start.py [--runs 5] [--strict]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradeapi.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from accounts.services import profile_create  # noqa: E402
from bench import bare_apps  # noqa: E402
from tests.deploy import lambda_process  # noqa: E402
from tests.deploy.apigateway import rest_event  # noqa: E402
from tradeapi import aws  # noqa: E402
from tradeapi.local import demo, stack  # noqa: E402

BUDGET_BARE = 1.3  # x (a) Django + DRF verifying the same JWT
BUDGET_GETITEM = 1.15  # x (b) the same plus one GetItem on the same table
PASSWORD = "Bench-Passw0rd-1"


PEAK_RSS_MB: list[float] = []


def cold(package_dir: Path, runtime: Path, env: dict, event: dict) -> float:
    """ms from starting a fresh process to its first response (asserted 200)."""
    started = time.perf_counter()
    process = lambda_process.LambdaProcess(package_dir, runtime, env)
    answer = process.invoke(event)
    elapsed = (time.perf_counter() - started) * 1000
    status_file = Path(f"/proc/{process.process.pid}/status")
    if status_file.exists():
        peak = [line for line in status_file.read_text().splitlines() if line.startswith("VmHWM:")]
        PEAK_RSS_MB.append(int(peak[0].split()[1]) / 1024 if peak else 0)
    process.close()
    status = answer["response"]["statusCode"]
    assert status == 200, (status, answer["response"].get("body", "")[:300], process.logs()[-2000:])
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args()

    package = lambda_process.build_package()
    emulator, local = stack.start()
    account = demo.create_user(f"bench{int(time.time())}", "bench@example.com", PASSWORD)
    profile_create(sub=account.sub, username=account.username, email=account.email)
    token = aws.cognito().initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": account.username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    with urllib.request.urlopen(local.jwks_url, timeout=5) as response:
        jwks = response.read().decode()

    lambda_env = {
        **local.environ(),
        "COGNITO_JWKS": jwks,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": ".execute-api.us-east-1.amazonaws.com",
        "AWS_DEFAULT_REGION": local.region,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_LAMBDA_FUNCTION_NAME": "tradeapi-dev",
        "INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT": "true",  # as the function is configured (SnapStart's init)
    }
    headers = {"Authorization": f"Bearer {token}"}
    me = rest_event("GET", "/api/me", headers=headers)
    bare_me = rest_event("GET", "/me", headers=headers)
    runs: dict[str, list[float]] = {name: [] for name in ("tradeapi", "bare", "bare_getitem", "health", "snap")}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        real = lambda_process.unzip(package, root / "task")
        bare = bare_apps.build(real, root / "bare", getitem=False)
        bare_getitem = bare_apps.build(real, root / "bare_getitem", getitem=True)
        runtime = lambda_process.runtime_dir(root / "runtime")
        for _ in range(args.runs):  # interleaved, so machine load affects all alike
            runs["tradeapi"].append(cold(real, runtime, lambda_env, me))
            tradeapi_rss = PEAK_RSS_MB[-1] if PEAK_RSS_MB else 0
            runs["bare"].append(cold(bare, runtime, lambda_env, bare_me))
            runs["bare_getitem"].append(cold(bare_getitem, runtime, lambda_env, bare_me))
            runs["health"].append(cold(real, runtime, lambda_env, rest_event("GET", "/health")))
            runs["snap"].append(after_snapshot_hook(real, runtime, lambda_env, me))
    emulator.stop()

    median = {name: statistics.median(values) for name, values in runs.items()}
    ratio_bare = median["tradeapi"] / median["bare"]
    ratio_getitem = median["tradeapi"] / median["bare_getitem"]
    print(
        json.dumps(
            {
                "runs": args.runs,
                "package_zipped_mb": round(package.stat().st_size / 2**20, 1),
                "ms_process_start_to_first_response": {
                    "tradeapi GET /api/me": _summary(runs["tradeapi"]),
                    "(a) bare Django + DRF, same JWT": _summary(runs["bare"]),
                    "(b) bare + one GetItem": _summary(runs["bare_getitem"]),
                    "tradeapi GET /health": _summary(runs["health"]),
                },
                "ratio_vs_a": round(ratio_bare, 2),
                "budget_vs_a": BUDGET_BARE,
                "ratio_vs_b": round(ratio_getitem, 2),
                "budget_vs_b": BUDGET_GETITEM,
                "first_api_me_after_before_snapshot_hook_ms": _summary(runs["snap"]),
                "tradeapi_peak_rss_mb": round(tradeapi_rss),
            },
            indent=2,
        )
    )
    over = [f"{r:.2f}x > {b}x" for r, b in ((ratio_bare, BUDGET_BARE), (ratio_getitem, BUDGET_GETITEM)) if r > b]
    if over:
        print("OVER BUDGET: " + "; ".join(over), file=sys.stderr)
        return 1 if args.strict else 0
    return 0


def after_snapshot_hook(package_dir: Path, runtime: Path, env: dict, event: dict) -> float:
    """The handler's ms for ``event`` in a process that ran SnapStart's before-snapshot hook first."""
    process = lambda_process.LambdaProcess(package_dir, runtime, env)
    process.invoke({"snapstart": "before_snapshot"})
    answer = process.invoke(event)
    process.close()
    assert answer["response"]["statusCode"] == 200, process.logs()[-2000:]
    return answer["ms"]


def _summary(values: list[float]) -> dict:
    return {"median": round(statistics.median(values)), "min": round(min(values))}


if __name__ == "__main__":
    sys.exit(main())
