"""Trade endpoints through Django + DRF against the embedded emulator: ms per request and
DynamoDB calls per request, the largest trade (40 lines) completing in one transaction,
the status queue page, and the expire command.

Latency is moto's, not DynamoDB's: read the call counts as the portable number.

    .venv/bin/python bench/trade_endpoints.py [--requests 10]
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradeapi.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.services import profile_create  # noqa: E402
from tradeapi import aws, clock  # noqa: E402
from tradeapi.local import demo, stack  # noqa: E402
from trades.domain.binders import Visibility  # noqa: E402
from trades.domain.cards import Printing  # noqa: E402
from trades.repository.trades import trades_by_status  # noqa: E402
from trades.services.binders import binder_create  # noqa: E402
from trades.services.cards import card_add  # noqa: E402
from trades.services.trades import trades_expire  # noqa: E402


class Trader:
    def __init__(self):
        self.username = f"bench{uuid.uuid4().hex[:8]}"
        account = demo.create_user(self.username, f"{self.username}@example.com", demo.DEMO_PASSWORD)
        self.sub = account.sub
        profile_create(sub=self.sub, username=self.username, email=account.email)
        tokens = aws.cognito().initiate_auth(ClientId=settings.COGNITO_APP_CLIENT_ID, AuthFlow="USER_PASSWORD_AUTH",
                                             AuthParameters={"USERNAME": self.username,
                                                             "PASSWORD": demo.DEMO_PASSWORD})
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['AuthenticationResult']['AccessToken']}")

    def stock(self, binders: int, per_binder: int, quantity: int) -> list[str]:
        cards = []
        for b in range(binders):
            binder = binder_create(owner_sub=self.sub, name=f"Stock {b}", visibility=Visibility.TRADEABLE)
            for n in range(per_binder):
                printing = Printing(name=f"Card {b}-{n}", set_code="BEN", collector_number=f"{b}{n:03d}")
                cards.append(card_add(owner_sub=self.sub, binder_id=binder.binder_id, printing=printing,
                                      quantity=quantity)[0].card_id)
        return cards


def measure(label: str, call, n: int) -> None:
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


def lines(cards, quantity=1):
    return [{"card_id": c, "quantity": quantity} for c in cards]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10)
    n = parser.parse_args().requests
    emulator, _local = stack.start()
    try:
        alice, bob = Trader(), Trader()
        a_cards = alice.stock(4, 10, 1000)
        b_cards = bob.stock(4, 10, 1000)

        def propose(i, give=1, take=1):
            return alice.client.post("/api/trades/", {"recipient": bob.username, "offered": lines(a_cards[:give]),
                                                      "requested": lines(b_cards[:take])}, format="json")

        made = [propose(i).json()["id"] for i in range(n * 3)]
        print("| Endpoint | Median | DynamoDB calls per request |")
        print("|---|---|---|")
        measure("POST /api/trades/ (1 line each way)", lambda i: propose(i), n)
        measure("GET /api/trades/{id}/", lambda i: alice.client.get(f"/api/trades/{made[i]}/"), n)
        measure("GET /api/trades/ (page of 50)", lambda i: alice.client.get("/api/trades/"), n)
        measure("GET /api/trades/?status=OPEN&role=recipient", lambda i: bob.client.get(
            "/api/trades/?status=OPEN&role=recipient"), n)
        measure("GET /api/trades/{id}/events/", lambda i: alice.client.get(f"/api/trades/{made[i]}/events/"), n)
        measure("POST /api/trades/{id}/counter", lambda i: bob.client.post(
            f"/api/trades/{made[i]}/counter", {"version": 1, "offered": lines(b_cards[:1]),
                                               "requested": lines(a_cards[:2])}, format="json"), n)
        measure("POST /api/trades/{id}/accept (2 + 1 lines)", lambda i: alice.client.post(
            f"/api/trades/{made[i]}/accept", {"version": 2}, format="json"), n)
        measure("POST /api/trades/{id}/decline", lambda i: bob.client.post(
            f"/api/trades/{made[n + i]}/decline", {"version": 1}, format="json"), n)
        big = [propose(i, give=20, take=20).json()["id"] for i in range(n)]
        measure("POST /api/trades/{id}/accept (40 lines, 6 binders: 90 actions)", lambda i: bob.client.post(
            f"/api/trades/{big[i]}/accept", {"version": 1}, format="json"), n)
        measure("trades_by_status(OPEN), page of 50 (8 shards)", lambda i: trades_by_status("OPEN", None, 50), n)

        real_now = clock.now
        clock.now = lambda: real_now() - timedelta(days=settings.TRADE_EXPIRY_DAYS + 1)
        try:
            for i in range(100):
                propose(i)
        finally:
            clock.now = real_now
        calls = Counter()
        aws.add_call_listener(lambda s, op: calls.update([op]) if s == "dynamodb" else None)
        start = time.perf_counter()
        expired = trades_expire()
        print(f"\nexpire_trades: {expired} trades expired in {(time.perf_counter() - start) * 1000:.0f} ms; "
              f"calls: {dict(sorted(calls.items()))}")
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
