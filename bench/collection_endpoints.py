"""Collections endpoints through Django + DRF against the embedded emulator: ms per request and
DynamoDB calls per request, and the cost of a force delete past one transaction.

Starts the embedded emulator (as the tests do), signs a trader up, gives them a
binder of 200 entries, then times each endpoint (median of N requests, one process,
Bearer token verified on every request). Latency here is moto's, not DynamoDB's:
read the call counts as the portable number.

    .venv/bin/python bench/collection_endpoints.py [--requests 30]
"""

import argparse
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
from tradeapi.local import demo, stack  # noqa: E402

BOLT = {"name": "Lightning Bolt", "set_code": "M11", "collector_number": "149"}


def trader() -> tuple[APIClient, str]:
    username = f"bench{uuid.uuid4().hex[:8]}"
    account = demo.create_user(username, f"{username}@example.com", demo.DEMO_PASSWORD)
    profile_create(sub=account.sub, username=username, email=account.email)
    tokens = aws.cognito().initiate_auth(ClientId=settings.COGNITO_APP_CLIENT_ID, AuthFlow="USER_PASSWORD_AUTH",
                                         AuthParameters={"USERNAME": username, "PASSWORD": demo.DEMO_PASSWORD})
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['AuthenticationResult']['AccessToken']}")
    return client, username


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
            assert response.status_code < 300, (label, response.status_code, response.content[:300])
    finally:
        aws.remove_call_listener(listen)
    per = ", ".join(f"{op} {count / n:g}" for op, count in sorted(calls.items()))
    print(f"| {label} | {statistics.median(times):.1f} ms | {per} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    n = parser.parse_args().requests
    emulator, _local = stack.start()
    try:
        client, username = trader()
        other, _ = trader()
        binder = client.post("/api/binders/", {"name": "Bench", "visibility": "tradeable"}, format="json").json()
        b = binder["id"]
        target = client.post("/api/binders/", {"name": "Target"}, format="json").json()["id"]
        for number in range(200):
            client.post(f"/api/binders/{b}/cards/", {**BOLT, "collector_number": str(number), "quantity": 5},
                        format="json")
        card = client.get(f"/api/binders/{b}/cards/?limit=1").json()["results"][0]["id"]
        print("| Endpoint | Median | DynamoDB calls per request |")
        print("|---|---|---|")
        measure("GET /api/binders/", lambda i: client.get("/api/binders/"), n)
        measure("POST /api/binders/", lambda i: client.post("/api/binders/", {"name": f"B{i}"}, format="json"), n)
        measure("GET /api/binders/{id}/", lambda i: client.get(f"/api/binders/{b}/"), n)
        measure("PATCH /api/binders/{id}/ (rename)",
                lambda i: client.patch(f"/api/binders/{b}/", {"name": f"Bench {i}"}, format="json"), n)
        measure("GET /api/binders/{id}/cards/ (page of 50)", lambda i: client.get(f"/api/binders/{b}/cards/"), n)
        measure("GET /api/binders/{id}/cards/?limit=200", lambda i: client.get(f"/api/binders/{b}/cards/?limit=200"), n)
        measure("POST /api/binders/{id}/cards/ (merge)",
                lambda i: client.post(f"/api/binders/{b}/cards/", {**BOLT, "collector_number": "7"}, format="json"), n)
        measure("GET /api/binders/{id}/cards/{card_id}/", lambda i: client.get(f"/api/binders/{b}/cards/{card}/"), n)
        measure("PATCH .../cards/{card_id}/ (quantity)",
                lambda i: client.patch(f"/api/binders/{b}/cards/{card}/", {"quantity": 10 + i % 5}, format="json"), n)
        measure("POST .../cards/{card_id}/move (1 copy)",
                lambda i: client.post(f"/api/binders/{b}/cards/{card}/move", {"to_binder_id": target, "quantity": 1},
                                      format="json") if i < 9 else client.get("/api/binders/"), min(n, 9))
        measure("GET /api/cards/?name=light", lambda i: client.get("/api/cards/?name=light"), n)
        measure("GET /api/traders/{u}/binders/{id}/cards/",
                lambda i: other.get(f"/api/traders/{username}/binders/{b}/cards/"), n)
        start = time.perf_counter()
        response = client.delete(f"/api/binders/{b}/?force=true")
        assert response.status_code == 204
        print(f"\nforce delete of a binder with 200 entries (3 transactions): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
