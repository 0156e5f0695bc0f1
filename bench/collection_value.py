"""Valuing a 1,000-entry binder (GET /api/binders/{id}/value) through Django + DRF on the embedded emulator:
a cold request (cache miss: every entry read, today's prices of their printings read, the answer cached),
a cached one, and the DynamoDB calls of each.

Seeds 1,000 entries through the service (distinct sample printings × finishes × conditions), then times
--rounds cold requests (each after a card change, which bumps the binder's version) and --rounds
cached ones. Latency here is moto's, not DynamoDB's: read the call counts as the portable number.

    .venv/bin/python bench/collection_value.py [--entries 1000] [--rounds 5]
"""

import argparse
import json
import statistics
import time
from collections import Counter

from harness import Trader, load_catalog  # sets Django up

from binders.services.cards import card_add, card_update
from catalog.demo import SAMPLE
from catalog.domain import CatalogPrinting, from_scryfall
from tradeapi import aws
from tradeapi.local import stack

CONDITIONS = ("NM", "LP", "MP", "HP", "DMG")


def combos(count: int) -> list[dict]:
    """``count`` distinct (printing, finish, condition) of the sample catalog, as card_add names them."""
    found = []
    for record in json.loads(SAMPLE.read_text()):
        printing = from_scryfall(record)
        if not isinstance(printing, CatalogPrinting):
            continue
        for finish in printing.finishes:
            for condition in CONDITIONS:
                found.append({"scryfall_id": printing.scryfall_id, "finish": finish, "condition": condition})
    assert len(found) >= count, f"the sample catalog makes {len(found)} distinct entries, not {count}"
    return found[:count]


def timed(client, url: str) -> tuple[float, Counter, dict]:
    calls = Counter()

    def listen(service, operation):
        if service == "dynamodb":
            calls[operation] += 1

    aws.add_call_listener(listen)
    try:
        start = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - start) * 1000
    finally:
        aws.remove_call_listener(listen)
    assert response.status_code == 200, response.content[:300]
    return ms, calls, response.json()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    emulator, _local = stack.start()
    try:
        load_catalog()
        trader = Trader()
        binder = trader.client.post("/api/binders/", {"name": "Bench"}, format="json").json()["id"]
        wanted = combos(args.entries)
        start = time.perf_counter()
        entries = [card_add(owner_sub=trader.sub, binder_id=binder, quantity=2, **c)[0] for c in wanted]
        print(
            f"seeded {len(entries)} entries ({len({c['scryfall_id'] for c in wanted})} printings) "
            f"in {time.perf_counter() - start:.1f} s"
        )
        url = f"/api/binders/{binder}/value"
        cold, warm = [], []
        for i in range(args.rounds):
            card_update(owner_sub=trader.sub, binder_id=binder, card_id=entries[i].card_id, changes={"quantity": 3 + i})
            ms, calls, answer = timed(trader.client, url)
            assert answer["cached"] is False
            cold.append((ms, calls, answer))
            for _ in range(2):
                ms, calls, answer = timed(trader.client, url)
                assert answer["cached"] is True
                warm.append((ms, calls, answer))
        last = cold[-1][2]
        print(f"value: {last['total']['amount']} {last['currency']}, entries {last['entries']}")
        print("| Request | Median (min–max) | DynamoDB calls |")
        print("|---|---|---|")
        for label, runs in (("cold (cache miss)", cold), ("cached", warm)):
            times = [ms for ms, _, _ in runs]
            ops = ", ".join(f"{op} {n}" for op, n in sorted(runs[-1][1].items()))
            print(f"| {label} | {statistics.median(times):.0f} ms ({min(times):.0f}–{max(times):.0f}) | {ops} |")
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
