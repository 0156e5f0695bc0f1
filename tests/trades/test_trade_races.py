"""Concurrency: racing accepts, accept against decline, and two trades sharing one card entry.

Each race runs 10 rounds of 20 threads through HTTP. The emulator serializes requests
as DynamoDB would apply them; the outcome rests on the conditional transaction alone.
"""

import pytest

from tests.helpers import own_client, race
from tests.trades.helpers import add_card, binder_card_count, card_entries, make_binder, quantity
from tradeapi.db import keys
from trades.domain.offers import LineRequest
from trades.domain.trades import Party, TradeStatus
from trades.repository import trades as repo
from trades.services import trades as services

ROUNDS = 10
THREADS = 20


def post(trader, trade_id, action, **body):
    client = own_client(trader)
    return lambda: client.post(f"/api/trades/{trade_id}/{action}", body, format="json")


def party(trader) -> Party:
    return Party(trader.sub, trader.username)


@pytest.fixture
def stocked(alice, bob):
    alice.binder = make_binder(alice.sub)
    bob.binder = make_binder(bob.sub)
    return alice, bob


def test_twenty_accepts_of_one_trade_have_one_winner(stocked):
    alice, bob = stocked
    bolt = add_card(alice.sub, alice.binder, ROUNDS * 2, set_code="M10", number="146")
    for round_ in range(ROUNDS):
        trade = services.trade_propose(
            actor=party(alice), recipient_username=bob.username, offered=[LineRequest(bolt, 2)], requested=[]
        )
        responses = race([post(bob, trade.trade_id, "accept", version=1) for _ in range(THREADS)])
        codes = sorted(r.status_code for r in responses)
        assert codes == [200] + [409] * (THREADS - 1), (round_, codes)
        assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} <= {
            "trade_final",
            "cards_unavailable",
        }
        assert repo.trade_get(trade.trade_id).status == TradeStatus.COMPLETED
        assert quantity(bob.sub, keys.card_id_in_binder(bolt, "default")) == 2 * (round_ + 1)
        assert [e.kind for e in repo.trade_events(trade.trade_id).items] == ["proposed", "accepted"]
    assert quantity(alice.sub, bolt) == 0
    assert binder_card_count(alice.sub, alice.binder) == 0 and binder_card_count(bob.sub, "default") == ROUNDS * 2


def test_accept_and_decline_race_to_one_consistent_end(stocked):
    alice, bob = stocked
    bolt = add_card(alice.sub, alice.binder, ROUNDS, set_code="M10", number="146")
    completed = 0
    for _ in range(ROUNDS):
        trade = services.trade_propose(
            actor=party(alice), recipient_username=bob.username, offered=[LineRequest(bolt, 1)], requested=[]
        )
        calls = [post(bob, trade.trade_id, "accept" if i % 2 else "decline", version=1) for i in range(THREADS)]
        responses = race(calls)
        winners = [i for i, r in enumerate(responses) if r.status_code == 200]
        assert len(winners) == 1 and all(r.status_code == 409 for r in responses if r.status_code != 200)
        status = repo.trade_get(trade.trade_id).status
        accepted = winners[0] % 2 == 1
        assert status == (TradeStatus.COMPLETED if accepted else TradeStatus.DECLINED)
        completed += accepted
        events = repo.trade_events(trade.trade_id).items
        assert [e.kind for e in events] == ["proposed", "accepted" if accepted else "declined"]
        assert quantity(alice.sub, bolt) == ROUNDS - completed
        assert quantity(bob.sub, keys.card_id_in_binder(bolt, "default")) == completed


def test_two_trades_sharing_one_card_entry_complete_at_most_once(stocked, make_trader):
    alice, bob = stocked
    carol = make_trader("carol")
    for round_ in range(ROUNDS):
        goyf = add_card(alice.sub, alice.binder, 1, set_code="FUT", number=str(round_))
        one = services.trade_propose(
            actor=party(alice), recipient_username=bob.username, offered=[LineRequest(goyf, 1)], requested=[]
        )
        two = services.trade_propose(
            actor=party(alice), recipient_username=carol.username, offered=[LineRequest(goyf, 1)], requested=[]
        )
        calls = [
            post(bob, one.trade_id, "accept", version=1) if i % 2 else post(carol, two.trade_id, "accept", version=1)
            for i in range(THREADS)
        ]
        responses = race(calls)
        assert sorted(r.status_code for r in responses) == [200] + [409] * (THREADS - 1)
        statuses = sorted(repo.trade_get(t.trade_id).status.value for t in (one, two))
        assert statuses == ["COMPLETED", "OPEN"]
        loser = one if repo.trade_get(one.trade_id).status == TradeStatus.OPEN else two
        assert any(r.json()["error"]["code"] == "cards_unavailable" for r in responses if r.status_code == 409)
        received = quantity(bob.sub, keys.card_id_in_binder(goyf, "default")) + quantity(
            carol.sub, keys.card_id_in_binder(goyf, "default")
        )
        assert (quantity(alice.sub, goyf), received) == (0, 1)
        assert [e.kind for e in repo.trade_events(loser.trade_id).items] == ["proposed"]
    assert binder_card_count(alice.sub, alice.binder) == 0
    assert sum(c["quantity"] for c in card_entries(bob.sub) + card_entries(carol.sub)) == ROUNDS
