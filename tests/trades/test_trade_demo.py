"""The trades demo seeder leaves a trade in every status between the demo traders."""

from binders import demo as collections_demo
from trades import demo as demo_trades
from trades.domain.trades import Party, TradeStatus
from trades.services.trades import trade_list


def test_the_demo_has_a_trade_in_every_status(make_trader, monkeypatch):
    traders = {name: make_trader(name) for name in ("alice", "bob", "carol")}
    monkeypatch.setattr(
        collections_demo,
        "COLLECTIONS",
        {traders[name].username: binders for name, binders in collections_demo.COLLECTIONS.items() if name in traders},
    )
    monkeypatch.setattr(
        demo_trades, "BINDERS", {traders[name].username: binder for name, binder in demo_trades.BINDERS.items()}
    )
    collections_demo.seed(list(traders.values()))
    demo_trades.seed(list(traders.values()))
    statuses = set()
    for trader in traders.values():
        statuses |= {v.status for v in trade_list(actor=Party(trader.sub, trader.username), limit=50).items}
    assert statuses == set(TradeStatus)
