"""Collections endpoints through Django + DRF against the embedded emulator: ms per request and
DynamoDB calls per request, and the cost of a force delete past one transaction.

Starts the embedded emulator (as the tests do), signs a trader up, gives them a
binder of 200 entries, then times each endpoint (median of N requests, one process,
Bearer token verified on every request). Latency here is moto's, not DynamoDB's:
read the call counts as the portable number.

    .venv/bin/python bench/collection_endpoints.py [--requests 30]
"""

import argparse
import time

from harness import Trader, load_catalog, measure, sample_printings  # sets Django up

from binders.services.cards import card_add
from tradeapi.local import stack

POOL = {"name": "Breeding Pool", "set_code": "RNA", "collector_number": "246"}  # a sample catalog printing
CONDITIONS = ("NM", "LP", "MP", "HP", "DMG")


def trader():
    t = Trader()
    return t.client, t.username, t.sub


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    n = parser.parse_args().requests
    emulator, _local = stack.start()
    try:
        load_catalog()
        client, username, sub = trader()
        other, _, _ = trader()
        binder = client.post("/api/binders/", {"name": "Bench", "visibility": "tradeable"}, format="json").json()
        b = binder["id"]
        target = client.post("/api/binders/", {"name": "Target"}, format="json").json()["id"]
        # 200 entries (40 printings in 5 conditions), through the service: the card-writes limit would
        # answer most of 200 POSTs with 429.
        for printing in sample_printings(40):
            for condition in CONDITIONS:
                card_add(owner_sub=sub, binder_id=b, quantity=5, condition=condition, **printing)
        card = client.get(f"/api/binders/{b}/cards/?limit=1").json()["results"][0]["id"]
        print("| Endpoint | Median | DynamoDB calls per request |")
        print("|---|---|---|")
        measure("GET /api/binders/", lambda i: client.get("/api/binders/"), n)
        measure("POST /api/binders/", lambda i: client.post("/api/binders/", {"name": f"B{i}"}, format="json"), n)
        measure("GET /api/binders/{id}/", lambda i: client.get(f"/api/binders/{b}/"), n)
        measure(
            "PATCH /api/binders/{id}/ (rename)",
            lambda i: client.patch(f"/api/binders/{b}/", {"name": f"Bench {i}"}, format="json"),
            n,
        )
        measure("GET /api/binders/{id}/cards/ (page of 50)", lambda i: client.get(f"/api/binders/{b}/cards/"), n)
        measure("GET /api/binders/{id}/cards/?limit=200", lambda i: client.get(f"/api/binders/{b}/cards/?limit=200"), n)
        measure(
            "POST /api/binders/{id}/cards/ (merge)",
            lambda i: client.post(f"/api/binders/{b}/cards/", POOL, format="json"),
            n,
        )
        measure("GET /api/binders/{id}/cards/{card_id}/", lambda i: client.get(f"/api/binders/{b}/cards/{card}/"), n)
        measure(
            "PATCH .../cards/{card_id}/ (quantity)",
            lambda i: client.patch(f"/api/binders/{b}/cards/{card}/", {"quantity": 10 + i % 5}, format="json"),
            n,
        )
        measure(
            "POST .../cards/{card_id}/move (1 copy)",
            lambda i: (
                client.post(
                    f"/api/binders/{b}/cards/{card}/move", {"to_binder_id": target, "quantity": 1}, format="json"
                )
                if i < 9
                else client.get("/api/binders/")
            ),
            min(n, 9),
        )
        measure("GET /api/cards/?name=breed", lambda i: client.get("/api/cards/?name=breed"), n)
        measure(
            "GET /api/traders/{u}/binders/{id}/cards/",
            lambda i: other.get(f"/api/traders/{username}/binders/{b}/cards/"),
            n,
        )
        start = time.perf_counter()
        response = client.delete(f"/api/binders/{b}/?force=true")
        assert response.status_code == 204
        print(
            f"\nforce delete of a binder with 200 entries (3 transactions): "
            f"{(time.perf_counter() - start) * 1000:.0f} ms"
        )
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
