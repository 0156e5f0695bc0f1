"""The audit log page (newest first, by moderator, by target; entries never change) and the overview."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from moderation import repository as mod_repo
from moderation.services import reads as reads
from tests.dashboard.helpers import confirmed, propose
from tests.helpers import recorded_aws_calls
from tradeapi.db.transactions import TransactionConflict, transact_write
from trades.domain.trades import TradeStatus


def test_the_audit_log_lists_newest_first_and_filters_by_moderator_and_target(
    stocked, staff, staff_browser, make_trader, browser_client
):
    first, second = propose(stocked), propose(stocked)
    other = make_trader("mod2", staff=True)
    other_browser = browser_client(other.username)
    hold = confirmed(staff_browser, f"/dashboard/trades/{first.trade_id}/hold/", "first hold", version=1)
    assert hold.status_code == 302
    assert confirmed(other_browser, f"/dashboard/trades/{second.trade_id}/note/", "second note").status_code == 302
    assert confirmed(staff_browser, f"/dashboard/users/{stocked.bob.username}/suspend/", "third").status_code == 302

    mine = mod_repo.audit_list(moderator=staff.username).items
    assert [(e.action.value, e.reason) for e in mine] == [("suspend", "third"), ("hold", "first hold")]
    page = staff_browser.get("/dashboard/audit/").content.decode()
    assert page.index("third") < page.index("second note") < page.index("first hold")  # newest first

    by_moderator = staff_browser.get(f"/dashboard/audit/?moderator={other.username.upper()}").content.decode()
    assert "second note" in by_moderator and "first hold" not in by_moderator and "third" not in by_moderator
    by_trade = staff_browser.get(f"/dashboard/audit/?target={first.trade_id}").content.decode()
    assert "first hold" in by_trade and "second note" not in by_trade
    by_user = staff_browser.get(f"/dashboard/audit/?target={stocked.bob.username}").content.decode()
    assert "third" in by_user and "first hold" not in by_user
    both = staff_browser.get(f"/dashboard/audit/?target={second.trade_id}&moderator={staff.username}")
    assert "second note" not in both.content.decode()
    with recorded_aws_calls() as calls:
        staff_browser.get("/dashboard/audit/?moderator=" + staff.username)
    assert calls[("dynamodb", "Query")] == 1 and ("dynamodb", "Scan") not in calls


def test_audit_entries_cannot_be_overwritten(trade, staff_browser):
    assert confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/note/", "original").status_code == 302
    [entry] = mod_repo.audit_list(target=f"trade:{trade.trade_id}").items
    forged = mod_repo.audit_put_action(type(entry)(**{**entry.__dict__, "reason": "rewritten"}))
    with pytest.raises(TransactionConflict):
        transact_write([forged])
    assert mod_repo.audit_list(target=f"trade:{trade.trade_id}").items[0].reason == "original"


def test_the_audit_log_pages(trade, staff, staff_browser):
    for n in range(3):
        confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/note/", f"note {n}")
    page = mod_repo.audit_list(moderator=staff.username, limit=2)
    assert len(page.items) == 2 and page.next_cursor
    rest = mod_repo.audit_list(moderator=staff.username, limit=2, cursor=page.next_cursor)
    assert [e.reason for e in page.items + rest.items] == ["note 2", "note 1", "note 0"]
    html = staff_browser.get(
        f"/dashboard/audit/?moderator={staff.username}&cursor=" + rest.next_cursor
        if rest.next_cursor
        else f"/dashboard/audit/?moderator={staff.username}"
    )
    assert html.status_code == 200


def test_the_overview_counts_charts_and_lists(stocked, staff_browser):
    before = staff_browser.get("/dashboard/?fresh=1")
    assert before.status_code == 200
    counts_before = before.context["data"].counts
    trade = propose(stocked)
    done = propose(stocked)
    stocked.bob.client.post(f"/api/trades/{done.trade_id}/accept", {"version": 1}, format="json")
    stocked.bob.client.post(f"/api/trades/{trade.trade_id}/report", {"reason": "overview report"}, format="json")
    confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/hold/", "overview hold", version=1)

    response = staff_browser.get("/dashboard/?fresh=1")
    data = response.context["data"]
    assert data.counts["OPEN"] == counts_before["OPEN"] + 1
    assert data.counts["COMPLETED"] == counts_before["COMPLETED"] + 1
    assert len(data.days) == len(data.created) == len(data.completed) == 30
    assert data.created[-1] >= 2 and data.completed[-1] >= 1
    body = response.content.decode()
    assert "<svg" in body and "polyline" in body
    assert trade.trade_id in body and "overview report" in body and "overview hold" in body


def test_the_overview_statistics_are_cached(staff_browser):
    days = [f"2026-10-{d:02d}" for d in range(1, 31)]
    cache.set(
        reads.STATS_CACHE_KEY, ({s.value: 7 for s in TradeStatus}, days, [1] * 30, [2] * 30, [Decimal(3)] * 30), 60
    )
    with recorded_aws_calls() as calls:
        response = staff_browser.get("/dashboard/")
    assert response.status_code == 200
    assert calls[("dynamodb", "Query")] == 2  # the reported queue and the recent actions; counts from the cache
    assert response.context["data"].counts["EXPIRED"] == 7 and "Created (30)" in response.content.decode()
    cache.delete(reads.STATS_CACHE_KEY)
