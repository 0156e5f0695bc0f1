"""Trade endpoints through Django + DRF against the embedded emulator: ms per request and
DynamoDB calls per request, the largest trade (40 lines) completing in one transaction,
the status queue page, and the expire command.

Latency is moto's, not DynamoDB's: read the call counts as the portable number.

    .venv/bin/python bench/trade_endpoints.py [--requests 10]
"""

import argparse
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from harness import Trader as BaseTrader  # sets Django up
from harness import load_catalog, measure, sample_printings

from binders.domain.binders import Visibility
from binders.services.binders import binder_create
from binders.services.cards import card_add
from tradeapi import aws, clock
from tradeapi.local import stack
from trades.repository.trades import trades_by_status
from trades.services.trades import trades_expire


class Trader(BaseTrader):
    def stock(self, binders: int, per_binder: int, quantity: int) -> list[str]:
        """``per_binder`` entries in each of ``binders`` tradeable binders, every one another printing
        of the sample catalog (so what a trade gives lands in as many entries as it takes from)."""
        printings = iter(sample_printings(binders * per_binder))
        cards = []
        for b in range(binders):
            binder = binder_create(owner_sub=self.sub, name=f"Stock {b}", visibility=Visibility.TRADEABLE)
            for _ in range(per_binder):
                entry, _new = card_add(
                    owner_sub=self.sub, binder_id=binder.binder_id, quantity=quantity, **next(printings)
                )
                cards.append(entry.card_id)
        return cards


def lines(cards, quantity=1):
    return [{"card_id": c, "quantity": quantity} for c in cards]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10)
    n = parser.parse_args().requests
    emulator, _local = stack.start()
    try:
        load_catalog()
        alice, bob = Trader(), Trader()
        a_cards = alice.stock(4, 10, 999)
        b_cards = bob.stock(4, 10, 999)

        def propose(i, give=1, take=1):
            return alice.client.post(
                "/api/trades/",
                {"recipient": bob.username, "offered": lines(a_cards[:give]), "requested": lines(b_cards[:take])},
                format="json",
            )

        made = [propose(i).json()["id"] for i in range(n * 3)]
        print("| Endpoint | Median | DynamoDB calls per request |")
        print("|---|---|---|")
        measure("POST /api/trades/ (1 line each way)", lambda i: propose(i), n)
        measure("GET /api/trades/{id}/", lambda i: alice.client.get(f"/api/trades/{made[i]}/"), n)
        measure("GET /api/trades/ (page of 50)", lambda i: alice.client.get("/api/trades/"), n)
        measure(
            "GET /api/trades/?status=OPEN&role=recipient",
            lambda i: bob.client.get("/api/trades/?status=OPEN&role=recipient"),
            n,
        )
        measure("GET /api/trades/{id}/events/", lambda i: alice.client.get(f"/api/trades/{made[i]}/events/"), n)
        measure(
            "POST /api/trades/{id}/counter",
            lambda i: bob.client.post(
                f"/api/trades/{made[i]}/counter",
                {"version": 1, "offered": lines(b_cards[:1]), "requested": lines(a_cards[:2])},
                format="json",
            ),
            n,
        )
        measure(
            "POST /api/trades/{id}/accept (2 + 1 lines)",
            lambda i: alice.client.post(f"/api/trades/{made[i]}/accept", {"version": 2}, format="json"),
            n,
        )
        measure(
            "POST /api/trades/{id}/decline",
            lambda i: bob.client.post(f"/api/trades/{made[n + i]}/decline", {"version": 1}, format="json"),
            n,
        )
        big = [propose(i, give=20, take=20).json()["id"] for i in range(n)]
        measure(
            "POST /api/trades/{id}/accept (40 lines, 6 binders: 90 actions)",
            lambda i: bob.client.post(f"/api/trades/{big[i]}/accept", {"version": 1}, format="json"),
            n,
        )
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
        print(
            f"\nexpire_trades: {expired} trades expired in {(time.perf_counter() - start) * 1000:.0f} ms; "
            f"calls: {dict(sorted(calls.items()))}"
        )
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
