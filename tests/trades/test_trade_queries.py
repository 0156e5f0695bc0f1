"""My trades (by status and role), trades by status (the sharded GSI1), and DynamoDB calls per endpoint."""

import pytest

from tests.helpers import cursor_of, recorded_aws_calls
from tests.trades.helpers import act, add_card, make_binder, propose
from trades.domain.trades import TradeStatus
from trades.repository import trades as repo


@pytest.fixture
def stocked(alice, bob):
    alice.binder = make_binder(alice.sub)
    bob.binder = make_binder(bob.sub)
    alice.bolt = add_card(alice.sub, alice.binder, 20, set_code="M10", number="146")
    bob.goyf = add_card(bob.sub, bob.binder, 20, set_code="FUT", number="153")
    return alice, bob


def _ids(response):
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_my_trades_newest_first_by_status_and_role(stocked):
    alice, bob = stocked
    sent = [propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"] for _ in range(3)]
    received = propose(bob, alice, offered=[(bob.goyf, 1)]).json()["id"]
    act(alice, received, "decline", version=1)
    act(bob, sent[0], "counter", version=1, offered=[{"card_id": bob.goyf, "quantity": 1}], requested=[])

    assert _ids(alice.client.get("/api/trades/")) == [received, *reversed(sent)]
    assert _ids(alice.client.get("/api/trades/?role=proposer")) == list(reversed(sent))
    assert _ids(alice.client.get("/api/trades/?role=recipient")) == [received]
    assert _ids(alice.client.get("/api/trades/?status=OPEN")) == [sent[2], sent[1]]
    assert _ids(alice.client.get("/api/trades/?status=COUNTERED&role=proposer")) == [sent[0]]
    assert _ids(alice.client.get("/api/trades/?status=COUNTERED&role=recipient")) == []
    assert _ids(bob.client.get("/api/trades/?status=DECLINED&role=proposer")) == [received]
    row = alice.client.get("/api/trades/?role=recipient").json()["results"][0]
    assert (row["role"], row["status"], row["counterparty"]) == ("recipient", "DECLINED", bob.username)


def test_my_trades_page_by_cursor(stocked):
    alice, bob = stocked
    made = [propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"] for _ in range(5)]
    seen, url = [], "/api/trades/?limit=2"
    while url:
        body = alice.client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == list(reversed(made))
    first = cursor_of(alice.client.get("/api/trades/?limit=2").json()["next"])
    # a cursor belongs to its listing: bob cannot page through alice's trades with it
    assert bob.client.get(f"/api/trades/?limit=2&cursor={first}").status_code == 400


def test_trades_by_status_merges_the_shards_newest_first(stocked):
    alice, bob = stocked
    made = [propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"] for _ in range(12)]
    act(bob, made[0], "decline", version=1)
    made_open = list(reversed(made[1:]))
    seen, cursor = [], None
    while len(seen) < len(made_open):  # ours are the newest in this process's table
        page = repo.trades_by_status(TradeStatus.OPEN, cursor, 4)
        seen += [t.trade_id for t in page.items if t.trade_id in made]
        cursor = page.next_cursor
        assert cursor
    assert seen == made_open  # every open one, newest first, none twice, across 8 shards
    declined = repo.trades_by_status("DECLINED", None, 200).items
    assert made[0] in [t.trade_id for t in declined] and made[0] not in seen
    created = [t.created_at for t in repo.trades_by_status("OPEN", None, 50).items]
    assert created == sorted(created, reverse=True)


def test_dynamodb_calls_per_endpoint(stocked):
    alice, bob = stocked
    with recorded_aws_calls() as calls:
        trade = propose(alice, bob, offered=[(alice.bolt, 2)], requested=[(bob.goyf, 1)]).json()
    # claim, profile; the cards, then their printings' prices (frozen into the offer)
    assert _dynamo(calls) == {"GetItem": 2, "BatchGetItem": 2, "TransactWriteItems": 1}
    tid = trade["id"]
    for url, expected in [
        (f"/api/trades/{tid}/", {"GetItem": 1, "BatchGetItem": 1}),  # the trade; today's prices ("now")
        (f"/api/trades/{tid}/events/", {"GetItem": 1, "Query": 1}),
        ("/api/trades/", {"Query": 1}),
        ("/api/trades/?status=OPEN&role=proposer", {"Query": 1}),
    ]:
        with recorded_aws_calls() as calls:
            assert alice.client.get(url).status_code == 200
        assert _dynamo(calls) == expected, url
    with recorded_aws_calls() as calls:
        assert (
            act(
                bob,
                tid,
                "counter",
                version=1,
                offered=[{"card_id": bob.goyf, "quantity": 2}],
                requested=[{"card_id": alice.bolt, "quantity": 1}],
            ).status_code
            == 200
        )
    assert _dynamo(calls) == {"GetItem": 1, "BatchGetItem": 2, "TransactWriteItems": 1}  # cards, then prices
    with recorded_aws_calls() as calls:
        assert act(alice, tid, "accept", version=2).status_code == 200
    assert _dynamo(calls) == {"GetItem": 1, "BatchGetItem": 1, "TransactWriteItems": 1}
    other = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    for action, who in (("decline", bob),):
        with recorded_aws_calls() as calls:
            assert act(who, other, action, version=1).status_code == 200
        assert _dynamo(calls) == {"GetItem": 1, "TransactWriteItems": 1}


def _dynamo(calls) -> dict:
    found = {op: n for (service, op), n in calls.items() if service == "dynamodb"}
    assert "Scan" not in found
    return found
