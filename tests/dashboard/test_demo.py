"""The moderation demo seeder leaves a living dashboard: reports, holds, a force-decline, a suspended trader."""

import uuid

from accounts.services import profile_get_by_username
from moderation import demo as demo_moderation
from moderation import repository as mod_repo
from trades.repository.trades import trades_get_many


def test_the_demo_seeder_makes_reports_holds_audit_entries_and_a_suspension(make_trader, monkeypatch):
    traders = [make_trader(name) for name in ("dalice", "dbob", "dcarol")]
    staff = make_trader("dmod", staff=True)
    suspended = f"mallory{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(demo_moderation, "SUSPENDED_USERNAME", suspended)
    monkeypatch.setattr(demo_moderation, "DEMO_TRADES", 6)
    demo_moderation.seed([*traders, staff])

    assert profile_get_by_username(username=suspended).suspended
    actions = [e.action.value for e in mod_repo.audit_list(moderator=staff.username, limit=50).items]
    assert sorted(set(actions)) == ["force_decline", "hold", "note", "suspend"]
    reported = mod_repo.reported_trades(limit=200).items
    assert sum(1 for r in reported if r.last_reason.startswith(("Asked me to pay", "The condition"))) >= 2
    sub = profile_get_by_username(username=suspended).sub
    mallorys = [t for t in trades_get_many([r.trade_id for r in reported]).values() if t.proposer.sub == sub]
    assert len(mallorys) == 3 and all(t.lopsided for t in mallorys)  # a $0.48 card for a $29.12 one
