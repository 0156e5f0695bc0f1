"""Expiry (lazy and by the scheduled command) and the moderation hooks: hold and a moderator's decline."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from tests.helpers import recorded_aws_calls
from tests.trades.helpers import act, add_card, make_binder, propose, quantity
from tradeapi import clock
from trades.domain.trades import Party, TradeStatus
from trades.repository import trades as repo
from trades.services.trades import trade_get_for

REAL_NOW = clock.now


@pytest.fixture
def stocked(alice, bob):
    alice.binder = make_binder(alice.sub)
    alice.bolt = add_card(alice.sub, alice.binder, 5, set_code="M10", number="146")
    bob.binder = make_binder(bob.sub)
    bob.goyf = add_card(bob.sub, bob.binder, 5, set_code="FUT", number="153")
    return alice, bob


def _days_ago(monkeypatch, days):
    monkeypatch.setattr(clock, "now", lambda: REAL_NOW() - timedelta(days=days))


def test_an_old_trade_expires_when_read_or_acted_on(stocked, monkeypatch, settings):
    alice, bob = stocked
    _days_ago(monkeypatch, 15)
    old = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    older = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    monkeypatch.setattr(clock, "now", REAL_NOW)
    assert old["expires_at"] < clock.now_iso()

    # the list shows it expired before anything marks it
    rows = {r["id"]: r["status"] for r in alice.client.get("/api/trades/").json()["results"]}
    assert rows[old["id"]] == "EXPIRED"
    assert old["id"] not in [r["id"] for r in alice.client.get("/api/trades/?status=OPEN").json()["results"]]

    with recorded_aws_calls() as calls:
        body = bob.client.get(f"/api/trades/{old['id']}/").json()
    assert body["status"] == "EXPIRED" and body["turn"] is None
    assert calls[("dynamodb", "TransactWriteItems")] == 1
    events = alice.client.get(f"/api/trades/{old['id']}/events/").json()["results"]
    assert [(e["kind"], e["actor"], e["status"]) for e in events][-1] == ("expired", "system", "EXPIRED")

    accept = act(bob, older["id"], "accept", version=1)  # acting on it expires it, and refuses
    assert accept.status_code == 409 and accept.json()["error"]["details"] == {"status": "EXPIRED"}
    assert quantity(alice.sub, alice.bolt) == 5
    assert [r["id"] for r in alice.client.get("/api/trades/?status=EXPIRED").json()["results"]][:2] == [
        older["id"],
        old["id"],
    ]


def test_the_expire_command_expires_only_old_active_trades(stocked, monkeypatch, settings):
    alice, bob = stocked
    _days_ago(monkeypatch, 20)
    open_old = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    countered_old = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    act(bob, countered_old, "counter", version=1, offered=[{"card_id": bob.goyf, "quantity": 1}], requested=[])
    declined_old = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    act(bob, declined_old, "decline", version=1)
    monkeypatch.setattr(clock, "now", REAL_NOW)
    fresh = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]

    out = StringIO()
    with recorded_aws_calls() as calls:
        call_command("expire_trades", stdout=out)
    assert ("dynamodb", "Scan") not in calls
    assert "expired" in out.getvalue()
    statuses = {tid: repo.trade_get(tid).status for tid in (open_old, countered_old, declined_old, fresh)}
    assert statuses == {
        open_old: TradeStatus.EXPIRED,
        countered_old: TradeStatus.EXPIRED,
        declined_old: TradeStatus.DECLINED,
        fresh: TradeStatus.OPEN,
    }
    assert [e.kind for e in repo.trade_events(countered_old).items] == ["proposed", "countered", "expired"]
    # a second run finds nothing of these left to do
    call_command("expire_trades", stdout=StringIO())
    assert len(repo.trade_events(open_old).items) == 2

    settings.TRADE_EXPIRY_DAYS = 30  # the age is configurable
    _days_ago(monkeypatch, 20)
    young = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    monkeypatch.setattr(clock, "now", REAL_NOW)
    call_command("expire_trades", stdout=StringIO())
    assert repo.trade_get(young).status == TradeStatus.OPEN


def _hold(trade_id: str, held: bool) -> None:
    """What moderation does: rewrite the trade item under a condition on its version."""
    trade = repo.trade_get(trade_id)
    changed = (
        trade.hold(version=None, now=clock.now_iso()) if held else trade.release(version=None, now=clock.now_iso())
    )
    repo.trade_save(trade, changed, changed.event("hold" if held else "release", Party("mod-sub", "moderator")))


def test_a_held_trade_cannot_be_countered_or_accepted(stocked):
    alice, bob = stocked
    tid = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    _hold(tid, True)
    held = bob.client.get(f"/api/trades/{tid}/").json()
    assert held["held"] is True and held["version"] == 2
    for response in (
        act(bob, tid, "accept", version=2),
        act(bob, tid, "counter", version=2, offered=[], requested=[{"card_id": alice.bolt, "quantity": 1}]),
    ):
        assert response.status_code == 409 and response.json()["error"]["code"] == "trade_on_hold"
    _hold(tid, False)
    assert act(bob, tid, "accept", version=3).status_code == 200


def test_a_moderator_decline_is_visible_through_the_api(stocked):
    alice, bob = stocked
    tid = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    moderator = Party("mod-sub", "moderator")
    trade = repo.trade_get(tid)
    declined = trade.force_decline(moderator=moderator, version=1, reason="scam report", now=clock.now_iso())
    repo.trade_save(trade, declined, declined.event("force_decline", moderator, note="scam report"))
    body = alice.client.get(f"/api/trades/{tid}/").json()
    assert (body["status"], body["declined_by"], body["declined_by_moderator"], body["decline_reason"]) == (
        "DECLINED",
        "moderator",
        True,
        "scam report",
    )
    last = alice.client.get(f"/api/trades/{tid}/events/").json()["results"][-1]
    assert (last["kind"], last["by_moderator"]) == ("declined", True)
    assert trade_get_for(actor=Party(bob.sub, bob.username), trade_id=tid).status == TradeStatus.DECLINED


def test_the_scheduled_entry_point_expires_like_the_command(stocked, monkeypatch):
    from trades.schedule import expire_trades

    alice, bob = stocked
    _days_ago(monkeypatch, 20)
    old = propose(alice, bob, offered=[(alice.bolt, 1)]).json()["id"]
    monkeypatch.setattr(clock, "now", REAL_NOW)
    result = expire_trades({"detail-type": "Scheduled Event"}, None)
    assert result["expired"] >= 1 and repo.trade_get(old).status == TradeStatus.EXPIRED
