"""Trade lifecycle through HTTP: propose, counter, accept, decline, cancel, and what completion moves."""

import pytest
from django.conf import settings

from tests.trades.helpers import (
    act,
    add_card,
    binder_card_count,
    get_card,
    make_binder,
    propose,
    quantity,
    remove_card,
)
from tradeapi import aws
from tradeapi.db import keys


@pytest.fixture
def stocked(alice, bob):
    """alice and bob, each with a tradeable binder holding a few cards."""
    alice.binder = make_binder(alice.sub)
    bob.binder = make_binder(bob.sub)
    alice.bolt = add_card(alice.sub, alice.binder, 3, set_code="M10", number="146", name="Lightning Bolt")
    bob.goyf = add_card(bob.sub, bob.binder, 1, set_code="FUT", number="153", name="Tarmogoyf")
    bob.island = add_card(bob.sub, bob.binder, 4, set_code="DMU", number="262", name="Island")
    return alice, bob


def test_propose_then_accept_moves_the_cards_atomically(stocked):
    alice, bob = stocked
    created = propose(alice, bob, offered=[(alice.bolt, 2)], requested=[(bob.goyf, 1)], message="bolt for goyf")
    assert created.status_code == 201, created.json()
    trade = created.json()
    assert trade["status"] == "OPEN" and trade["turn"] == bob.username and trade["version"] == 1
    assert trade["offer"]["proposer_gives"][0]["card"]["name"] == "Lightning Bolt"
    assert trade["offer"]["recipient_gives"][0]["card"]["name"] == "Tarmogoyf"
    assert created["Location"].endswith(f"/api/trades/{trade['id']}/")

    accepted = act(bob, trade["id"], "accept", version=1)
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "COMPLETED" and accepted.json()["turn"] is None

    # alice: 1 bolt left in her binder, the goyf in her default binder; bob: the reverse.
    assert quantity(alice.sub, alice.bolt) == 1
    assert quantity(bob.sub, bob.goyf) == 0 and get_card(bob.sub, bob.goyf) is None
    bob_bolt = keys.card_id_in_binder(alice.bolt, keys.DEFAULT_BINDER_ID)
    alice_goyf = keys.card_id_in_binder(bob.goyf, keys.DEFAULT_BINDER_ID)
    assert quantity(bob.sub, bob_bolt) == 2 and quantity(alice.sub, alice_goyf) == 1
    received = get_card(bob.sub, bob_bolt)
    assert (received["name"], received["set_code"], received["binder_id"], received["owner_sub"]) == (
        "Lightning Bolt",
        "M10",
        "default",
        bob.sub,
    )
    assert binder_card_count(alice.sub, alice.binder) == 1
    assert binder_card_count(alice.sub, "default") == 1
    assert binder_card_count(bob.sub, bob.binder) == 4
    assert binder_card_count(bob.sub, "default") == 2

    events = alice.client.get(f"/api/trades/{trade['id']}/events/").json()["results"]
    assert [(e["kind"], e["actor"], e["status"]) for e in events] == [
        ("proposed", alice.username, "OPEN"),
        ("accepted", bob.username, "COMPLETED"),
    ]


def test_receiving_merges_into_an_identical_default_entry(stocked):
    alice, bob = stocked
    already = add_card(bob.sub, "default", 2, set_code="M10", number="146", name="Lightning Bolt")
    trade = propose(alice, bob, offered=[(alice.bolt, 3)]).json()
    assert act(bob, trade["id"], "accept", version=1).status_code == 200
    assert quantity(bob.sub, already) == 5
    assert get_card(alice.sub, alice.bolt) is None  # an entry that reaches zero is removed
    assert binder_card_count(bob.sub, "default") == 5 and binder_card_count(alice.sub, alice.binder) == 0


def test_giving_and_receiving_the_same_default_entry_nets_in_one_write(alice, bob):
    # Both hold the same printing in their default binders and give it to each other.
    a = add_card(alice.sub, "default", 2, set_code="ONE", number="1")
    bob_binder = make_binder(bob.sub)
    b_default = add_card(bob.sub, "default", 1, set_code="ONE", number="1")
    b = add_card(bob.sub, bob_binder, 3, set_code="ONE", number="1")
    assert a == b_default
    trade = propose(alice, bob, offered=[(a, 2)], requested=[(b, 3)]).json()
    assert act(bob, trade["id"], "accept", version=1).status_code == 200, "same item touched once"
    assert quantity(alice.sub, a) == 3
    assert quantity(bob.sub, b_default) == 3 and quantity(bob.sub, b) == 0
    assert binder_card_count(alice.sub, "default") == 3
    assert binder_card_count(bob.sub, "default") == 3 and binder_card_count(bob.sub, bob_binder) == 0


def test_counter_counter_accept(stocked):
    alice, bob = stocked
    trade = propose(alice, bob, offered=[(alice.bolt, 1)], requested=[(bob.goyf, 1)]).json()
    tid = trade["id"]
    first = act(
        bob,
        tid,
        "counter",
        version=1,
        offered=[{"card_id": bob.island, "quantity": 2}],
        requested=[{"card_id": alice.bolt, "quantity": 2}],
        message="islands?",
    )
    assert first.status_code == 200, first.json()
    body = first.json()
    assert body["status"] == "COUNTERED" and body["turn"] == alice.username and body["version"] == 2
    assert body["offer"]["made_by"] == bob.username
    assert body["offer"]["proposer_gives"][0]["quantity"] == 2  # bob asks for 2 of alice's bolts
    assert body["offer"]["recipient_gives"][0]["card_id"] == bob.island

    assert act(bob, tid, "accept", version=2).status_code == 403  # not bob's turn any more
    second = act(
        alice,
        tid,
        "counter",
        version=2,
        offered=[{"card_id": alice.bolt, "quantity": 1}],
        requested=[{"card_id": bob.island, "quantity": 3}],
    )
    assert second.status_code == 200 and second.json()["turn"] == bob.username
    done = act(bob, tid, "accept", version=3)
    assert done.status_code == 200 and done.json()["status"] == "COMPLETED"
    assert quantity(bob.sub, bob.island) == 1 and quantity(alice.sub, alice.bolt) == 2
    assert quantity(alice.sub, keys.card_id_in_binder(bob.island, "default")) == 3
    events = bob.client.get(f"/api/trades/{tid}/events/").json()["results"]
    assert [e["kind"] for e in events] == ["proposed", "countered", "countered", "accepted"]
    assert [e["version"] for e in events] == [1, 2, 3, 4]
    assert events[1]["note"] == "islands?" and events[1]["offer"]["made_by"] == bob.username


def test_decline_and_cancel_end_the_trade_and_move_nothing(stocked):
    alice, bob = stocked
    one = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    declined = act(bob, one["id"], "decline", version=1, reason="not now")
    assert declined.status_code == 200
    assert (
        declined.json()["status"],
        declined.json()["decline_reason"],
        declined.json()["declined_by"],
        declined.json()["declined_by_moderator"],
    ) == ("DECLINED", "not now", bob.username, False)
    two = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    assert act(bob, two["id"], "cancel", version=1).status_code == 403  # bob did not make the offer
    cancelled = act(alice, two["id"], "cancel", version=1)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "CANCELLED"
    for tid in (one["id"], two["id"]):
        assert act(bob, tid, "accept", version=2).json()["error"]["code"] == "trade_final"
    assert quantity(alice.sub, alice.bolt) == 3


def test_stale_version_is_a_409_naming_the_current_version(stocked):
    alice, bob = stocked
    trade = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    act(bob, trade["id"], "counter", version=1, offered=[], requested=[{"card_id": alice.bolt, "quantity": 2}])
    stale = act(alice, trade["id"], "accept", version=1)
    assert stale.status_code == 409
    assert stale.json()["error"] == {
        "code": "stale_version",
        "message": stale.json()["error"]["message"],
        "details": {"current_version": 2},
    }


def test_accept_fails_cleanly_naming_lines_no_longer_held(stocked):
    alice, bob = stocked
    trade = propose(alice, bob, offered=[(alice.bolt, 2)], requested=[(bob.island, 1)]).json()
    assert remove_card(alice.sub, alice.bolt, 2)  # alice now holds 1 bolt
    response = act(bob, trade["id"], "accept", version=1)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "cards_unavailable"
    assert error["details"]["lines"] == [
        {"card_id": alice.bolt, "giver": alice.username, "quantity": 2, "available": 1}
    ]
    assert quantity(bob.sub, bob.island) == 4 and quantity(alice.sub, alice.bolt) == 1
    assert bob.client.get(f"/api/trades/{trade['id']}/").json()["status"] == "OPEN"


def test_outsiders_see_nothing(stocked, make_trader):
    alice, bob = stocked
    carol = make_trader("carol")
    trade = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    for response in (
        carol.client.get(f"/api/trades/{trade['id']}/"),
        carol.client.get(f"/api/trades/{trade['id']}/events/"),
        act(carol, trade["id"], "accept", version=1),
        carol.client.get("/api/trades/nosuchtrade/"),
    ):
        assert response.status_code == 404 and response.json()["error"]["code"] == "trade_not_found"
    assert carol.client.get("/api/trades/").json()["results"] == []


def test_trade_counts_are_incremented_on_propose(stocked):
    alice, bob = stocked
    propose(alice, bob, offered=[(alice.bolt, 1)])
    propose(bob, alice, offered=[(bob.goyf, 1)])
    for sub in (alice.sub, bob.sub):
        item = aws.dynamodb().get_item(
            TableName=settings.TABLE_NAME, Key={k: {"S": v} for k, v in keys.profile_key(sub).items()}
        )["Item"]
        assert item["trade_count"] == {"N": "2"}


def test_a_receiver_entry_at_the_ceiling_refuses_the_trade_whole(stocked):
    alice, bob = stocked
    full = add_card(bob.sub, "default", 999, set_code="M10", number="146", name="Lightning Bolt")
    trade = propose(alice, bob, offered=[(alice.bolt, 1)], requested=[(bob.goyf, 1)]).json()
    response = act(bob, trade["id"], "accept", version=1)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "quantity_limit_exceeded"
    assert response.json()["error"]["details"]["entries"] == [{"owner": bob.username, "card_id": full, "receives": 1}]
    assert (quantity(bob.sub, full), quantity(alice.sub, alice.bolt), quantity(bob.sub, bob.goyf)) == (999, 3, 1)
    assert bob.client.get(f"/api/trades/{trade['id']}/").json()["status"] == "OPEN"
