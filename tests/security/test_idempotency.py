"""Idempotency-Key: replay, reuse with another body (422), in flight (409), refusals not stored,
scope, the record committed with the write, and an answer that was never stored."""

import threading
import time
import uuid

import pytest
from botocore.exceptions import ClientError
from django.conf import settings as django_settings

from binders.services import binders as binder_services
from tests.helpers import own_client
from tests.security.helpers import error
from tradeapi import aws
from tradeapi.db import guards as records
from tradeapi.db import keys
from tradeapi.db.items import from_item, wire_key
from tradeapi.db.items import values as wire_values

POOL = {"name": "Breeding Pool", "set_code": "RNA", "collector_number": "246"}  # a sample catalog printing


def new_key() -> str:
    return f"key-{uuid.uuid4()}"


def create_binder(client, key: str | None, name: str, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/binders/", {"name": name, "visibility": "private", **extra}, format="json", **headers)


def binder_names(trader) -> list[str]:
    return [b["name"] for b in trader.client.get("/api/binders/?limit=200").json()["results"]]


def record_of(trader, key: str, route: str = "api/binders/") -> dict | None:
    found = aws.dynamodb().get_item(
        TableName=django_settings.TABLE_NAME,
        Key=wire_key(keys.idempotency_record_key(f"sub:{trader.sub}", "POST", route, key)),
        ConsistentRead=True,
    )
    return from_item(found["Item"]) if "Item" in found else None


def test_the_same_key_and_body_replays_the_first_answer(alice):
    key, name = new_key(), f"Replay {uuid.uuid4().hex[:6]}"
    first = create_binder(alice.client, key, name)
    again = create_binder(alice.client, key, name)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert binder_names(alice).count(name) == 1
    stored = record_of(alice, key)
    assert stored["response_status"] == 201 and stored["committed_at"]
    assert 86400 - 60 <= stored["ttl"] - time.time() <= 86400  # kept 24 h, then the table's TTL removes it


def test_the_same_key_with_another_body_is_422(alice):
    key = new_key()
    assert create_binder(alice.client, key, f"One {uuid.uuid4().hex[:6]}").status_code == 201
    error(create_binder(alice.client, key, f"Two {uuid.uuid4().hex[:6]}"), 422, "idempotency_key_reused")


def test_a_key_is_scoped_by_caller_and_route(alice, bob):
    key, name = new_key(), f"Shared {uuid.uuid4().hex[:6]}"
    assert create_binder(alice.client, key, name).status_code == 201
    theirs = create_binder(bob.client, key, name)
    assert theirs.status_code == 201 and not theirs.has_header("Idempotent-Replayed")
    binder_id = theirs["Location"].rstrip("/").split("/")[-1]
    card = bob.client.post(f"/api/binders/{binder_id}/cards/", POOL, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert card.status_code == 201 and not card.has_header("Idempotent-Replayed")


def test_a_refused_first_attempt_is_not_stored_and_a_corrected_retry_goes_through(alice):
    key, name = new_key(), f"Fixed {uuid.uuid4().hex[:6]}"
    error(create_binder(alice.client, key, name, visibility="nope"), 400)
    assert record_of(alice, key) is None
    fixed = create_binder(alice.client, key, name)
    assert fixed.status_code == 201 and not fixed.has_header("Idempotent-Replayed")


def test_without_the_header_a_post_behaves_as_before(alice):
    binder_id = (
        create_binder(alice.client, None, f"Plain {uuid.uuid4().hex[:6]}")["Location"].rstrip("/").split("/")[-1]
    )
    url = f"/api/binders/{binder_id}/cards/"
    plain = [alice.client.post(url, POOL, format="json") for _ in range(2)]
    assert [r.json()["quantity"] for r in plain] == [1, 2]  # the second merges, as always
    key = new_key()
    keyed = [alice.client.post(url, POOL, format="json", HTTP_IDEMPOTENCY_KEY=key) for _ in range(2)]
    assert [r.json()["quantity"] for r in keyed] == [3, 3] and keyed[1]["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "caf\u00e9"])
def test_a_malformed_key_is_400(alice, key):
    response = alice.client.post(
        "/api/binders/", {"name": "never", "visibility": "private"}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    error(response, 400, "invalid_idempotency_key")


def test_a_retry_while_the_first_is_running_is_409_with_retry_after(alice, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    real = binder_services.binder_create

    def slow(**kwargs):
        entered.set()
        release.wait(10)
        return real(**kwargs)

    monkeypatch.setattr(binder_services, "binder_create", slow)
    key, name = new_key(), f"Slow {uuid.uuid4().hex[:6]}"
    answers = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", create_binder(own_client(alice), key, name)))
    first.start()
    assert entered.wait(10)
    in_flight = create_binder(alice.client, key, name)
    release.set()
    first.join()
    error(in_flight, 409, "idempotency_key_in_use")
    assert int(in_flight["Retry-After"]) >= 1
    assert answers["first"].status_code == 201
    assert create_binder(alice.client, key, name)["Idempotent-Replayed"] == "true"


def test_the_record_is_committed_in_the_writes_transaction(alice, monkeypatch):
    """If the request lost its key between admission and the write, the write is rolled back."""
    real = binder_services.binder_create
    key, name = new_key(), f"Lost {uuid.uuid4().hex[:6]}"

    def steal_then_create(**kwargs):
        record_key = keys.idempotency_record_key(f"sub:{alice.sub}", "POST", "api/binders/", key)
        aws.dynamodb().update_item(
            TableName=django_settings.TABLE_NAME,
            Key=wire_key(record_key),
            UpdateExpression="SET #token = :other",
            ExpressionAttributeNames={"#token": "token"},
            ExpressionAttributeValues=wire_values(other="another request"),
        )
        return real(**kwargs)

    monkeypatch.setattr(binder_services, "binder_create", steal_then_create)
    error(create_binder(alice.client, key, name), 409, "idempotency_key_in_use")
    assert name not in binder_names(alice)


def test_a_committed_write_whose_answer_was_never_stored_is_409_committed(alice, monkeypatch, settings):
    def outage(*args, **kwargs):
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "UpdateItem")

    key, name = new_key(), f"Crash {uuid.uuid4().hex[:6]}"
    with monkeypatch.context() as patched:
        patched.setattr(records, "store", outage)
        assert create_binder(alice.client, key, name).status_code == 201  # the answer stands
    stored = record_of(alice, key)
    assert stored["committed_at"] and "response_status" not in stored
    error(create_binder(alice.client, key, name), 409, "idempotency_key_in_use")  # within the lease
    settings.IDEMPOTENCY_LEASE_SECONDS = 0
    stored_lease = stored["lease_until"]
    monkeypatch.setattr(time, "time", lambda: stored_lease + 1.0)
    error(create_binder(alice.client, key, name), 409, "idempotency_key_committed")
    assert binder_names(alice).count(name) == 1


def test_auth_endpoints_never_store_an_answer(client):
    key = new_key()
    body = {"username": f"nobody{uuid.uuid4().hex[:8]}", "password": "Wrong-Passw0rd"}
    answers = [client.post("/api/auth/login", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)]
    answers.append(client.post("/api/auth/login", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key))
    assert [a.status_code for a in answers] == [401, 401]
    assert not any(a.has_header("Idempotent-Replayed") for a in answers)
