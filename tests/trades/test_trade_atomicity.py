"""All or nothing: a failed completion changes no item, and a failed condition reports the trade as it is."""

from dataclasses import replace

import pytest
from botocore.exceptions import ClientError
from django.conf import settings

from binders.services.cards import cards_for_trade
from tests.helpers import recorded_aws_calls
from tests.trades.helpers import add_card, binders, card_entries, get_card, make_binder
from tradeapi import aws, clock
from tradeapi.db import keys
from tradeapi.db.items import values
from tradeapi.db.transactions import transact_write
from trades.domain.errors import TradeChanged, TransferConflict
from trades.domain.offers import LineRequest
from trades.domain.plan import transfer_plan
from trades.domain.trades import Party, TradeStatus
from trades.repository import trades as repo
from trades.services import trades as services


def _snapshot(*subs):
    return [
        sorted(
            (i["SK"], i.get("quantity"), i.get("card_count"), i.get("version")) for i in card_entries(s) + binders(s)
        )
        for s in subs
    ]


def test_a_failing_line_rolls_back_every_write_before_it(alice, bob):
    binder = make_binder(alice.sub)
    cards = [add_card(alice.sub, binder, 2, set_code="DOM", number=str(n)) for n in range(5)]
    trade = services.trade_propose(
        actor=Party(alice.sub, alice.username),
        recipient_username=bob.username,
        offered=[LineRequest(c, 1) for c in cards],
        requested=[],
    )
    before = _snapshot(alice.sub, bob.sub)
    # Make the last giver entry fail its condition at write time, after the read.
    plan = transfer_plan(trade)
    held = cards_for_trade(entries=plan.given)[0]
    last = (alice.sub, cards[-1])
    held[last] = replace(held[last], quantity=1)  # plan a Delete on quantity = 1
    done = trade.accept(actor=trade.recipient, version=1, now=clock.now_iso())
    with pytest.raises(TransferConflict) as failed:
        repo.trade_complete(trade, done, done.event("accept", trade.recipient), plan, held)
    assert [(c.owner_sub, c.card_id) for c in failed.value.changes] == [last]
    assert _snapshot(alice.sub, bob.sub) == before
    assert repo.trade_get(trade.trade_id).status == TradeStatus.OPEN
    assert [e.kind for e in repo.trade_events(trade.trade_id).items] == ["proposed"]
    # and then the real accept works, reading the quantities as they are
    services.trade_accept(actor=Party(bob.sub, bob.username), trade_id=trade.trade_id, version=1)
    assert all(get_card(alice.sub, c)["quantity"] == 1 for c in cards)


def test_a_stale_write_reports_the_current_trade_without_another_read(alice, bob):
    binder = make_binder(alice.sub)
    card = add_card(alice.sub, binder, 1)
    trade = services.trade_propose(
        actor=Party(alice.sub, alice.username),
        recipient_username=bob.username,
        offered=[LineRequest(card, 1)],
        requested=[],
    )
    services.trade_decline(actor=Party(bob.sub, bob.username), trade_id=trade.trade_id, version=1)
    held = replace(trade, version=2, held=True)
    with recorded_aws_calls() as calls, pytest.raises(TradeChanged) as failed:
        repo.trade_save(trade, held, held.event("hold", Party("mod-sub", "moderator")))
    current = failed.value.current
    assert current.status == TradeStatus.DECLINED and current.version == 2
    assert set(calls) == {("dynamodb", "TransactWriteItems")}  # the cancellation reason carried the item


def test_a_transaction_touching_one_item_twice_is_rejected_whole(alice):
    card = add_card(alice.sub, "default", 1)
    key = {k: {"S": v} for k, v in keys.card_key(alice.sub, card).items()}
    update = {
        "Update": {
            "TableName": settings.TABLE_NAME,
            "Key": key,
            "UpdateExpression": "ADD quantity :one",
            "ExpressionAttributeValues": values(one=1),
        }
    }
    with pytest.raises(ClientError, match="ValidationException"):
        transact_write([update, update])
    assert get_card(alice.sub, card)["quantity"] == 1
    assert aws.dynamodb()  # the client still works
