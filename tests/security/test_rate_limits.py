"""Per-trader write limits and per-IP auth limits on atomic DynamoDB counters: 429 in the error
shape with Retry-After and the IETF RateLimit fields; reads are never counted."""

import re
import time
import uuid

from django.conf import settings as django_settings
from rest_framework.test import APIClient

from tests.security.helpers import error, id_from_location, proposal
from tradeapi import aws
from tradeapi.db import keys
from tradeapi.db.items import wire_key

POOL = {"name": "Breeding Pool", "set_code": "RNA", "collector_number": "246"}  # a sample catalog printing
POLICY = re.compile(r'^"(?P<name>[a-z-]+)";q=(?P<q>\d+);w=(?P<w>\d+)$')
STATE = re.compile(r'^"(?P<name>[a-z-]+)";r=(?P<r>\d+);t=(?P<t>\d+)$')


def new_binder(trader) -> str:
    response = trader.client.post("/api/binders/", {"name": f"B {uuid.uuid4().hex[:8]}"}, format="json")
    assert response.status_code == 201, response.content
    return response["Location"].rstrip("/").split("/")[-1]


def test_card_writes_per_minute_then_429_with_retry_after_and_ratelimit_fields(alice, limits):
    binder_id = new_binder(alice)
    limits(card_writes="3/minute")
    url = f"/api/binders/{binder_id}/cards/"
    answers = [alice.client.post(url, POOL, format="json") for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 200, 200, 429]
    remaining = [int(STATE.match(a["RateLimit"])["r"]) for a in answers[:3]]
    assert remaining == [2, 1, 0]
    assert POLICY.match(answers[0]["RateLimit-Policy"]).groupdict() == {"name": "card-writes", "q": "3", "w": "60"}
    refused = answers[3]
    body = error(refused, 429, "too_many_requests")
    assert body["details"] == {"limit": "card-writes", "quota": 3, "window": 60}
    assert 1 <= int(refused["Retry-After"]) <= 60
    state = STATE.match(refused["RateLimit"])
    assert state["name"] == "card-writes" and state["r"] == "0" and int(state["t"]) == int(refused["Retry-After"])
    # reads are not counted, and other traders have their own budget
    assert alice.client.get(url).status_code == 200 and not alice.client.get(url).has_header("RateLimit")


def test_proposals_and_counters_share_an_hourly_budget(stocked, limits):
    alice, bob = stocked
    limits(trade_proposals="2/hour")
    first = alice.client.post("/api/trades/", proposal(alice, bob), format="json")
    trade_id = id_from_location(first)
    counter = bob.client.post(
        f"/api/trades/{trade_id}/counter",
        {"offered": [{"card_id": bob.card, "quantity": 1}], "requested": [], "version": first.json()["version"]},
        format="json",
    )
    assert counter.status_code == 200, counter.content  # bob's budget is his own
    second = alice.client.post("/api/trades/", proposal(alice, bob), format="json")
    assert second.status_code == 201
    refused = alice.client.post("/api/trades/", proposal(alice, bob), format="json")
    error(refused, 429, "too_many_requests")
    assert 1 <= int(refused["Retry-After"]) <= 3600


def test_reports_per_day(stocked, limits):
    alice, bob = stocked
    trades = [id_from_location(alice.client.post("/api/trades/", proposal(alice, bob), format="json")) for _ in "ab"]
    limits(reports="1/day")
    report = {"reason": "spam"}
    assert alice.client.post(f"/api/trades/{trades[0]}/report", report, format="json").status_code == 201
    refused = alice.client.post(f"/api/trades/{trades[1]}/report", report, format="json")
    error(refused, 429, "too_many_requests")
    assert POLICY.match(refused["RateLimit-Policy"])["w"] == "86400"


def test_a_counter_is_one_item_per_window_with_a_ttl(alice, limits):
    limits(writes="50/minute")
    now = time.time()
    assert alice.client.post("/api/binders/", {"name": f"C {uuid.uuid4().hex[:6]}"}, format="json").status_code == 201
    start = int(now // 60) * 60
    item = (
        aws.dynamodb()
        .get_item(
            TableName=django_settings.TABLE_NAME,
            Key=wire_key(keys.rate_counter_key("writes", "", f"sub:{alice.sub}", start)),
            ConsistentRead=True,
        )
        .get("Item")
    )
    assert item is not None and item["n"] == {"N": "1"}
    assert start + 60 <= int(item["ttl"]["N"]) <= start + 180


def test_auth_limits_count_per_ip_and_endpoint(limits):
    limits(auth="2/minute")
    address = f"198.51.100.{uuid.uuid4().int % 250}"
    client = APIClient(REMOTE_ADDR=address)
    body = {"username": f"nobody{uuid.uuid4().hex[:8]}", "password": "Wrong-Passw0rd"}
    statuses = [client.post("/api/auth/login", body, format="json").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert client.post("/api/auth/refresh", {"refresh_token": "x" * 20}, format="json").status_code != 429


def test_the_browser_login_page_spends_the_same_per_ip_auth_budget(limits, alice):
    """Credential stuffing cannot move from /api/auth/login to the HTML login form."""
    from django.test import Client

    limits(auth="3/minute")
    browser = Client(REMOTE_ADDR="203.0.113.77")
    page = browser.get("/accounts/login/")
    form = {"username": alice.username, "password": "wrong", "csrfmiddlewaretoken": browser.cookies["csrftoken"].value}
    statuses = [
        browser.post("/accounts/login/", form, HTTP_X_FORWARDED_FOR=f"10.1.1.{n}").status_code for n in range(4)
    ]
    assert page.status_code == 200 and statuses == [200, 200, 200, 429]
    refused = browser.post("/accounts/login/", {**form, "password": alice.password})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1  # even the right password waits
