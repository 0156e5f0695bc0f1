"""AWS faults (injected at botocore's before-call hook: moto cannot fail on demand) answer 503 with
Retry-After and leave nothing half-written; a transaction cancelled only by a concurrent one is retried."""

from contextlib import contextmanager
from types import SimpleNamespace

from tests.binders.helpers import POOL, PRINTINGS, add_card, create_binder, error, get_binder, ok
from tradeapi import aws


@contextmanager
def failing(operation: str, code: str, status: int = 500, times: int = 1000, reasons=None):
    """The next ``times`` calls of a DynamoDB ``operation`` answer with ``code`` instead of reaching the emulator."""
    left = {"n": times}

    def answer(**_):
        if left["n"] <= 0:
            return None
        left["n"] -= 1
        body = {"Error": {"Code": code, "Message": "injected"}, "ResponseMetadata": {"HTTPStatusCode": status}}
        if reasons is not None:
            body["CancellationReasons"] = reasons
        return SimpleNamespace(status_code=status, headers={}), body

    events = aws.dynamodb().meta.events
    events.register(f"before-call.dynamodb.{operation}", answer, unique_id="collections-fault")
    try:
        yield left
    finally:
        events.unregister(f"before-call.dynamodb.{operation}", unique_id="collections-fault")


def test_a_failing_transaction_is_a_503_and_changes_nothing(alice):
    source = create_binder(alice, "Steady")
    card = add_card(alice, source["id"], POOL, 4)
    with failing("TransactWriteItems", "InternalServerError"):
        response = alice.client.post(
            f"/api/binders/{source['id']}/cards/{card['id']}/move",
            {"to_binder_id": "default", "quantity": 2},
            format="json",
        )
        error(response, 503, "service_unavailable")
        assert int(response["Retry-After"]) > 0
        error(alice.client.post("/api/binders/", {"name": "Never"}, format="json"), 503)
        error(alice.client.post(f"/api/binders/{source['id']}/cards/", POOL, format="json"), 503)
    assert ok(alice.client.get(f"/api/binders/{source['id']}/cards/{card['id']}/"))["quantity"] == 4
    assert get_binder(alice, source["id"])["card_count"] == 4 and get_binder(alice, "default")["card_count"] == 0
    assert ok(alice.client.get("/api/me"))["binder_count"] == 2


def test_throttled_reads_are_a_503(alice):
    with failing("Query", "ProvisionedThroughputExceededException", status=400):
        error(alice.client.get("/api/binders/"), 503, "service_unavailable")
        error(alice.client.get("/api/cards/?name=bolt"), 503, "service_unavailable")
    with failing("GetItem", "InternalServerError"):
        error(alice.client.get("/api/binders/default/"), 503, "service_unavailable")


def test_a_transaction_cancelled_by_a_concurrent_one_is_retried(alice):
    binder = create_binder(alice, "Retried")
    reasons = [{"Code": "TransactionConflict"}, {"Code": "None"}]
    with failing("TransactWriteItems", "TransactionCanceledException", status=400, times=2, reasons=reasons) as left:
        card = add_card(alice, binder["id"], POOL, 3, status=201)
    assert left["n"] == 0 and card["quantity"] == 3
    assert get_binder(alice, binder["id"])["card_count"] == 3
    with failing("TransactWriteItems", "TransactionCanceledException", status=400, reasons=reasons):
        error(
            alice.client.post(f"/api/binders/{binder['id']}/cards/", POOL, format="json"), 503, "transaction_contended"
        )
    assert get_binder(alice, binder["id"])["card_count"] == 3


def test_cards_get_many_retries_unprocessed_keys(alice):
    """BatchGetItem may leave keys unprocessed under throttling: they are asked for again."""
    from binders.repository.cards import cards_get_many

    binder = create_binder(alice, "Batch")
    ids = [add_card(alice, binder["id"], PRINTINGS[n], n)["id"] for n in (1, 2, 3)]
    events = aws.dynamodb().meta.events
    held_back = {"n": 0}

    def hold_back_one(parsed, **_):
        if held_back["n"] == 0 and parsed.get("Responses"):
            held_back["n"] += 1
            table, items = next(iter(parsed["Responses"].items()))
            dropped = items.pop()
            parsed["UnprocessedKeys"] = {
                table: {"Keys": [{"PK": dropped["PK"], "SK": dropped["SK"]}], "ConsistentRead": True}
            }

    events.register("after-call.dynamodb.BatchGetItem", hold_back_one, unique_id="collections-unprocessed")
    try:
        found = cards_get_many(alice.sub, [*ids, f"{binder['id']}-0000000000000000"])
    finally:
        events.unregister("after-call.dynamodb.BatchGetItem", unique_id="collections-unprocessed")
    assert held_back["n"] == 1
    assert {cid: e.quantity for cid, e in found.items()} == dict(zip(ids, (1, 2, 3), strict=True))
