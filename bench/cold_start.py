"""Cold start: fresh process -> first authenticated response, through Zappa's Lambda handler.

Budget: the real package <= 1.3 x a bare Django + DRF app through the same handler.

Builds (or reuses) the real package (`make package`), unzips it, and for each of
--runs rounds starts two fresh `python -S` processes, each acting as the Lambda
runtime (tests/deploy/lambda_runner.py; libraries: the package + what the runtime
provides), and times process start -> the response to one API Gateway REST event:
  - tradeapi:  GET /api/me with a Cognito access token (JWT verified against the
               bundled JWKS, the profile read from DynamoDB in the emulator)
  - bare:      GET /me on a one-view Django + DRF project (same Django, DRF, PyJWT,
               Zappa, handler and bytecode), authenticating the same token with a
               ten-line PyJWT authentication class (signature, exp, issuer)
The emulator runs in this process, bootstrapped as the tests do.

    .venv/bin/python bench/cold_start.py [--runs 5] [--strict]
"""

import argparse
import json
import os
import statistics
import subprocess
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
from tests.deploy import lambda_process  # noqa: E402
from tests.deploy.apigateway import rest_event  # noqa: E402
from tradeapi import aws  # noqa: E402
from tradeapi.local import demo, stack  # noqa: E402

BUDGET = 1.3
PASSWORD = "Bench-Passw0rd-1"

BARE_SETTINGS = """
SECRET_KEY = "bare-" + "x" * 50
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.staticfiles", "rest_framework"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "bare_urls"
DATABASES = {}
USE_TZ = True
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["bare_auth.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "UNAUTHENTICATED_USER": None,
}
"""
BARE_AUTH = '''
import json
import os

import jwt
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

KEYS = {key["kid"]: jwt.PyJWK(key) for key in json.loads(os.environ["COGNITO_JWKS"])["keys"]}


class User:
    is_authenticated = True


class JWTAuthentication(BaseAuthentication):
    """The same RS256 token, verified with PyJWT against the same bundled JWKS (signature, exp, iss)."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Bearer "):
            return None
        token = header[7:]
        try:
            key = KEYS[jwt.get_unverified_header(token)["kid"]]
            claims = jwt.decode(token, key.key, algorithms=["RS256"], issuer=os.environ["COGNITO_ISSUER"])
        except (KeyError, jwt.PyJWTError) as exc:
            raise AuthenticationFailed(str(exc))
        return User(), claims
'''
BARE_URLS = """
from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["GET"])
def me(request):
    return Response({"username": "bare"})


urlpatterns = [path("me", me)]
"""


def bare_package(real: Path, into: Path) -> Path:
    """The real package's libraries and handler, with a one-view project instead of tradeapi."""
    into.mkdir()
    for entry in real.iterdir():
        if entry.name not in (
            "zappa_settings.py",
            "accounts",
            "trades",
            "tradeapi",
            "dashboard",
            "staticfiles",
            "__pycache__",
        ):
            (into / entry.name).symlink_to(entry)
    (into / "__pycache__").mkdir()
    for entry in (real / "__pycache__").iterdir():
        if not entry.name.startswith("zappa_settings."):
            (into / "__pycache__" / entry.name).symlink_to(entry)
    settings = (
        (real / "zappa_settings.py")
        .read_text()
        .replace("DJANGO_SETTINGS='tradeapi.settings'", "DJANGO_SETTINGS='bare_settings'")
    )
    (into / "zappa_settings.py").write_text(settings)
    (into / "bare_settings.py").write_text(BARE_SETTINGS)
    (into / "bare_urls.py").write_text(BARE_URLS)
    (into / "bare_auth.py").write_text(BARE_AUTH)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            "--invalidation-mode",
            "unchecked-hash",
            str(into / "zappa_settings.py"),
            str(into / "bare_settings.py"),
            str(into / "bare_urls.py"),
            str(into / "bare_auth.py"),
        ],
        check=True,
    )
    return into


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
    }
    headers = {"Authorization": f"Bearer {token}"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        real = lambda_process.unzip(package, root / "task")
        bare = bare_package(real, root / "bare")
        runtime = lambda_process.runtime_dir(root / "runtime")
        tradeapi_ms, bare_ms = [], []
        for _ in range(args.runs):  # interleaved, so machine load affects both alike
            tradeapi_ms.append(cold(real, runtime, lambda_env, rest_event("GET", "/api/me", headers=headers)))
            tradeapi_rss = PEAK_RSS_MB[-1] if PEAK_RSS_MB else 0
            bare_ms.append(cold(bare, runtime, lambda_env, rest_event("GET", "/me", headers=headers)))
    emulator.stop()

    t, b = statistics.median(tradeapi_ms), statistics.median(bare_ms)
    ratio = t / b
    print(
        json.dumps(
            {
                "runs": args.runs,
                "package_zipped_mb": round(package.stat().st_size / 2**20, 1),
                "tradeapi_first_authenticated_ms": {"median": round(t), "min": round(min(tradeapi_ms))},
                "bare_django_drf_ms": {"median": round(b), "min": round(min(bare_ms))},
                "ratio": round(ratio, 2),
                "budget": BUDGET,
                "tradeapi_peak_rss_mb": round(tradeapi_rss),
            },
            indent=2,
        )
    )
    if ratio > BUDGET:
        print(f"OVER BUDGET: {ratio:.2f}x > {BUDGET}x", file=sys.stderr)
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
