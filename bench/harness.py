"""Shared by the in-process endpoint benchmarks: Django set up against the repo, a signed-up
trader with a Bearer client, and `measure` (median ms and DynamoDB calls per request).

Importing this module sets Django up, so import it before anything that needs settings.
"""

import json
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradeapi.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.services import profile_create  # noqa: E402
from tradeapi import aws  # noqa: E402
from tradeapi.local import demo  # noqa: E402


def load_catalog() -> None:
    """The sample catalog (catalog/sample) into the emulator: card entries name its printings."""
    from catalog.demo import load_sample

    load_sample()


def sample_printings(count: int) -> list[dict]:
    """``count`` distinct printings of the sample catalog made in non-foil, as ``card_add`` and
    ``POST /api/binders/{id}/cards/`` name them (set + collector number + language)."""
    from catalog.demo import SAMPLE
    from catalog.domain import CatalogPrinting, from_scryfall

    found = {}
    for record in json.loads(SAMPLE.read_text()):
        printing = from_scryfall(record)
        if isinstance(printing, CatalogPrinting) and "nonfoil" in printing.finishes:
            key = (printing.set_code, printing.collector_number, printing.lang)
            found.setdefault(key, {"set_code": key[0], "collector_number": key[1], "language": key[2]})
    assert len(found) >= count, f"the sample catalog has {len(found)} non-foil printings, not {count}"
    return list(found.values())[:count]


class Trader:
    """A confirmed Cognito user with a profile, and an APIClient sending their access token."""

    def __init__(self):
        self.username = f"bench{uuid.uuid4().hex[:8]}"
        account = demo.create_user(self.username, f"{self.username}@example.com", demo.DEMO_PASSWORD)
        self.sub = account.sub
        profile_create(sub=self.sub, username=self.username, email=account.email)
        tokens = aws.cognito().initiate_auth(
            ClientId=settings.COGNITO_APP_CLIENT_ID,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": self.username, "PASSWORD": demo.DEMO_PASSWORD},
        )
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['AuthenticationResult']['AccessToken']}")


def measure(label: str, call, n: int) -> None:
    """Run ``call(i)`` n times; print a table row: median ms and DynamoDB operations per call."""
    calls = Counter()

    def listen(service, operation):
        if service == "dynamodb":
            calls[operation] += 1

    times = []
    aws.add_call_listener(listen)
    try:
        for i in range(n):
            start = time.perf_counter()
            response = call(i)
            times.append((time.perf_counter() - start) * 1000)
            status = getattr(response, "status_code", 200)
            assert status < 300, (label, status, getattr(response, "content", b"")[:300])
    finally:
        aws.remove_call_listener(listen)
    per = ", ".join(f"{op} {count / n:g}" for op, count in sorted(calls.items()))
    print(f"| {label} | {statistics.median(times):.1f} ms | {per} |")
