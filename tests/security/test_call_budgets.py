"""DynamoDB call budgets of the guards, pinned: a write pays at most 2 extra calls for the rate limit
and the idempotency record together (1 before the view, 1 after), a read pays none."""

import uuid
from collections import Counter

from tests.helpers import recorded_aws_calls

LIMITS_ON = {"writes": "100/minute", "card-writes": "100/minute"}


def dynamodb_calls(call) -> Counter:
    with recorded_aws_calls() as calls:
        response = call()
    assert response.status_code < 500, response.content[:300]
    return Counter({op: n for (service, op), n in calls.items() if service == "dynamodb"})


def create_binder(trader, **headers):
    name = f"Budget {uuid.uuid4().hex[:8]}"
    return lambda: trader.client.post("/api/binders/", {"name": name}, format="json", **headers)


def extra(guarded: Counter, plain: Counter) -> Counter:
    difference = Counter(guarded)
    difference.subtract(plain)
    return +difference


def test_a_write_pays_one_call_for_its_limit_and_one_more_with_a_key(alice, settings):
    plain = dynamodb_calls(create_binder(alice))
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **LIMITS_ON}
    limited = dynamodb_calls(create_binder(alice))
    keyed = dynamodb_calls(create_binder(alice, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())))
    assert extra(limited, plain) == Counter({"UpdateItem": 1})  # the counter's ADD
    assert extra(keyed, plain) == Counter({"TransactWriteItems": 1, "UpdateItem": 1})  # counter + lock; the answer
    assert sum(keyed.values()) - sum(plain.values()) == 2
    # the record's "committed" mark rides in the write's own transaction: no call of its own
    assert keyed["TransactWriteItems"] == plain["TransactWriteItems"] + 1


def test_a_key_without_a_limit_costs_a_put_and_an_update(alice):
    plain = dynamodb_calls(create_binder(alice))
    keyed = dynamodb_calls(create_binder(alice, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())))
    assert extra(keyed, plain) == Counter({"PutItem": 1, "UpdateItem": 1})


def test_a_replay_or_a_refused_key_is_one_call(alice, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **LIMITS_ON}
    key, name = str(uuid.uuid4()), f"Once {uuid.uuid4().hex[:8]}"

    def post(body_name):
        return lambda: alice.client.post("/api/binders/", {"name": body_name}, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert dynamodb_calls(post(name))
    assert dynamodb_calls(post(name)) == Counter({"TransactWriteItems": 1})  # replayed from the lock's failure
    assert dynamodb_calls(post("another")) == Counter({"TransactWriteItems": 1})  # 422


def test_a_refused_first_attempt_pays_a_release(alice, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **LIMITS_ON}
    refused = dynamodb_calls(
        lambda: alice.client.post(
            "/api/binders/", {"name": "x", "visibility": "nope"}, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )
    )
    assert refused == Counter({"TransactWriteItems": 1, "DeleteItem": 1})


def test_reads_pay_nothing(alice, settings):
    binder_url = alice.client.post("/api/binders/", {"name": f"R {uuid.uuid4().hex[:6]}"}, format="json")["Location"]
    client = alice.client
    reads = [
        lambda **h: client.get("/api/binders/", **h),
        lambda **h: client.get(binder_url, **h),
        lambda **h: client.get("/api/trades/", **h),
        lambda **h: client.options("/api/binders/", **h),
        lambda **h: client.head("/api/me", **h),
    ]
    plain = [dynamodb_calls(read) for read in reads]
    settings.RATE_LIMITS = {name: "1/minute" for name in settings.RATE_LIMITS}  # every limit at its tightest
    guarded = [dynamodb_calls(lambda read=read: read(HTTP_IDEMPOTENCY_KEY="k")) for read in reads]
    assert guarded == plain
