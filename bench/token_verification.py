"""Token verification, warm: µs per request, and JWKS fetches per process. Budget: well under 1 ms; 1 fetch.

Starts the embedded emulator and bootstraps it (as the tests do), logs a trader
in through the local Cognito, then times, in this one process:
  - verify_token(access token)                      the pyjwt pipeline alone
  - CognitoJWTAuthentication().authenticate(request) header → claims → user (what DRF runs per request)
and counts JWKS fetches (the provider fetches over HTTP from the emulator, as in production).

    .venv/bin/python bench/token_verification.py [--iterations 20000]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradeapi.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402

from accounts.authentication import CognitoJWTAuthentication  # noqa: E402
from accounts.jwks import jwks_provider  # noqa: E402
from accounts.tokens import verify_token  # noqa: E402
from tradeapi import aws  # noqa: E402
from tradeapi.local import demo, stack  # noqa: E402


def timed(fn, iterations: int, rounds: int = 5) -> tuple[float, float]:
    """(median, best) µs per call over ``rounds`` rounds of ``iterations`` calls."""
    per_call = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            fn()
        per_call.append((time.perf_counter() - start) / iterations * 1e6)
    return statistics.median(per_call), min(per_call)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=20000)
    args = parser.parse_args()

    emulator, _ = stack.start()
    try:
        demo.create_user("benchuser", "bench@example.com", demo.DEMO_PASSWORD)
        token = aws.cognito().initiate_auth(
            ClientId=settings.COGNITO_APP_CLIENT_ID,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "benchuser", "PASSWORD": demo.DEMO_PASSWORD},
        )["AuthenticationResult"]["AccessToken"]

        cold_start = time.perf_counter()
        verify_token(token)  # cold: fetches the JWKS
        cold_ms = (time.perf_counter() - cold_start) * 1000

        verify_median, verify_best = timed(lambda: verify_token(token), args.iterations)
        request = Request(APIRequestFactory().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}"))
        auth = CognitoJWTAuthentication()
        auth_median, auth_best = timed(lambda: auth.authenticate(request), args.iterations)
        fetches = jwks_provider().fetch_count
    finally:
        emulator.stop()

    total = 1 + 2 * 5 * args.iterations
    print(f"first verification (cold, JWKS fetched over HTTP): {cold_ms:.1f} ms")
    print(f"verify_token, warm:                   median {verify_median:.1f} µs/call (best {verify_best:.1f})")
    print(f"CognitoJWTAuthentication.authenticate: median {auth_median:.1f} µs/request (best {auth_best:.1f})")
    print(f"JWKS fetches in this process: {fetches} for {total} verifications")
    ok = auth_median < 1000 and fetches == 1
    print("within budget" if ok else "OVER BUDGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
