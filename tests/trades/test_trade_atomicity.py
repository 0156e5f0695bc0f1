"""All or nothing: a failed completion changes no item, and a failed condition reports the trade as it is."""

from dataclasses import replace

import pytest
from django.conf import settings

from tests.conftest import recorded_aws_calls
from tests.trades.helpers import add_card, card_entries, binders, get_card, make_binder
from tradeapi import aws, clock
from tradeapi.db import keys
from tradeapi.db.items import values
from tradeapi.db.transactions import TransactionConflict, transact_write
from trades.domain.plan import transfer_plan
from trades.domain.trades import LineRequest, Party, TradeStatus
from binders.repository import transfers as card_transfers
from trades.repository import trades as repo
from trades.services import trades as services


def _snapshot(*subs):
    return [sorted((i["SK"], i.get("quantity"), i.get("card_count"), i.get("version")) for i in card_entries(s) + binders(s))
            for s in subs]


def test_a_failing_line_rolls_back_every_write_before_it(alice, bob):
    binder = make_binder(alice.sub)
    cards = [add_card(alice.sub, binder, 2, set_code="DOM", number=str(n)) for n in range(5)]
    trade = services.trade_propose(actor=Party(alice.sub, alice.username), recipient_username=bob.username,
                                   offered=[LineRequest(c, 1) for c in cards], requested=[])
    before = _snapshot(alice.sub, bob.sub)
    # Make the last giver entry fail its condition at write time, after the read.
    plan = transfer_plan(trade)
    read, _ = card_transfers.read_cards(plan.given)
    read[(alice.sub, cards[-1])] = {**read[(alice.sub, cards[-1])], "quantity": 1}  # plan a Delete on quantity = 1
    now = clock.now_iso()
    done = trade.next(status=TradeStatus.COMPLETED, now=now)
    actions = repo.trade_transition_actions(done, services._event(done, "accepted", done.recipient),
                                            expected_version=1, expected_status=TradeStatus.OPEN)
    actions += card_transfers.transfer_actions(plan, read, now)[0]
    with pytest.raises(TransactionConflict) as failed:
        transact_write(actions)
    assert failed.value.failed == [4 + 2 * (len(cards) - 1)]
    assert _snapshot(alice.sub, bob.sub) == before
    assert repo.trade_get(trade.trade_id).status == TradeStatus.OPEN
    assert [e.kind for e in repo.trade_events(trade.trade_id).items] == ["proposed"]
    # and then the real accept works, reading the quantities as they are
    services.trade_accept(actor=Party(bob.sub, bob.username), trade_id=trade.trade_id, version=1)
    assert all(get_card(alice.sub, c)["quantity"] == 1 for c in cards)


def test_a_stale_write_reports_the_current_trade_without_another_read(alice, bob):
    binder = make_binder(alice.sub)
    card = add_card(alice.sub, binder, 1)
    trade = services.trade_propose(actor=Party(alice.sub, alice.username), recipient_username=bob.username,
                                   offered=[LineRequest(card, 1)], requested=[])
    services.trade_decline(actor=Party(bob.sub, bob.username), trade_id=trade.trade_id, version=1)
    with pytest.raises(TransactionConflict) as failed:
        transact_write([repo.trade_update_action(replace(trade, version=2, held=True), expected_version=1)])
    with recorded_aws_calls() as calls:
        current = repo.trade_after_conflict(trade.trade_id, failed.value.reasons[0])
    assert current.status == TradeStatus.DECLINED and current.version == 2
    assert not calls  # the cancellation reason carried the item


def test_a_transaction_touching_one_item_twice_is_rejected_whole(alice):
    card = add_card(alice.sub, "default", 1)
    key = {k: {"S": v} for k, v in keys.card_key(alice.sub, card).items()}
    update = {"Update": {"TableName": settings.TABLE_NAME, "Key": key, "UpdateExpression": "ADD quantity :one",
                         "ExpressionAttributeValues": values(one=1)}}
    with pytest.raises(Exception):
        transact_write([update, update])
    assert get_card(alice.sub, card)["quantity"] == 1
    assert aws.dynamodb()  # the client still works
