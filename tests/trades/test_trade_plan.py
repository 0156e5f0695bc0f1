"""Completion plans, without the table: one write per item, and the 100-action bound."""

import pytest

from trades.domain.errors import InvalidOffer
from trades.domain.offers import Offer, TradeLine
from trades.domain.plan import transfer_plan
from trades.domain.trades import Party, Trade, TradeStatus

A, B = Party("sub-a", "a"), Party("sub-b", "b")


def trade(proposer_gives, recipient_gives=()):
    return Trade(
        trade_id="t",
        proposer=A,
        recipient=B,
        status=TradeStatus.OPEN,
        offer=Offer(made_by=A.sub, proposer_gives=tuple(proposer_gives), recipient_gives=tuple(recipient_gives)),
        version=1,
        created_at="2026-11-23T00:00:00.000000Z",
        updated_at="2026-11-23T00:00:00.000000Z",
    )


def line(binder, h, giver, quantity=1):
    return TradeLine(card_id=f"{binder}-{h:016x}", quantity=quantity, giver_sub=giver.sub)


def test_each_item_is_written_once_with_net_quantities():
    # a gives 2 of h1 from default and receives 3 of h1 into default: one entry, net +1
    plan = transfer_plan(trade([line("default", 1, A, 2), line("bx", 2, A)], [line("by", 1, B, 3)]))
    assert (plan.entries[(A.sub, f"default-{1:016x}")].gives, plan.entries[(A.sub, f"default-{1:016x}")].receives) == (
        2,
        3,
    )
    assert plan.binder_deltas == {(A.sub, "default"): 1, (A.sub, "bx"): -1, (B.sub, "default"): 3, (B.sub, "by"): -3}
    # a:default-h1 (gives 2, receives 3), b:by-h1, b:default-h1, a:bx-h2, b:default-h2
    assert len(plan.entries) == 5
    assert plan.action_count == 4 + 5 + 4


def test_forty_lines_from_one_binder_fit_but_from_forty_binders_do_not():
    fits = trade([line("default", n, A) for n in range(20)], [line("bb", 100 + n, B) for n in range(20)])
    assert transfer_plan(fits).action_count == 4 + 80 + 2  # a's default nets to 0: no write
    transfer_plan(fits).check_size()
    spread = trade([line(f"b{n}", n, A) for n in range(40)])
    assert transfer_plan(spread).action_count == 4 + 80 + 41
    with pytest.raises(InvalidOffer):
        transfer_plan(spread).check_size()
