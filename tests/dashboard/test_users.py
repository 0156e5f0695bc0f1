"""Users: prefix search, the user page, suspend (API 403 within the window, open trades held), reinstate."""

import time
import uuid

from accounts import suspension
from tests.dashboard.helpers import act, confirmed, propose
from tests.helpers import recorded_aws_calls
from trades.repository import trades as trade_repo


def test_search_by_username_prefix_is_one_query_and_case_insensitive(make_trader, staff_browser):
    stem = f"zq{uuid.uuid4().hex[:6]}"
    made = [make_trader(f"{stem}a"), make_trader(f"{stem}b"), make_trader(f"{stem.upper()}c")]
    with recorded_aws_calls() as calls:
        page = staff_browser.get(f"/dashboard/users/?q={stem.upper()}")
    assert page.status_code == 200
    for trader in made:
        assert trader.username.encode() in page.content
    dynamo = {op: n for (service, op), n in calls.items() if service == "dynamodb"}
    assert dynamo.get("Query") == 1 and "Scan" not in dynamo
    none = staff_browser.get(f"/dashboard/users/?q={stem}zzz")
    assert b"starts with" in none.content and made[0].username.encode() not in none.content


def test_the_user_page_shows_profile_binders_and_trades(stocked, trade, staff_browser):
    page = staff_browser.get(f"/dashboard/users/{stocked.alice.username}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert stocked.alice.email in body and "DEFAULT" in body
    assert trade.trade_id in body and stocked.bob.username in body


def test_suspension_blocks_the_api_and_holds_open_trades_then_reinstate(stocked, staff, staff_browser):
    alice, bob = stocked.alice, stocked.bob
    trades = [propose(stocked) for _ in range(3)]
    assert alice.client.get("/api/me").status_code == 200  # warm: this process trusts "not suspended" now
    path = f"/dashboard/users/{alice.username}/suspend/"
    assert act(staff_browser, path, reason="Fraud").status_code == 200  # the confirmation page
    assert alice.client.get("/api/me").status_code == 200
    response = confirmed(staff_browser, path, "Fraud")
    assert response.status_code == 302

    refused = alice.client.get("/api/trades/")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "account_suspended"
    for trade in trades:
        held = trade_repo.trade_get(trade.trade_id)
        assert held.held
        accept = bob.client.post(f"/api/trades/{trade.trade_id}/accept", {"version": held.version}, format="json")
        assert accept.status_code == 409 and accept.json()["error"]["code"] == "trade_on_hold"
    assert bob.client.get("/api/me").status_code == 200  # only the suspended trader is refused
    page = staff_browser.get(f"/dashboard/users/{alice.username}/")
    assert b"SUSPENDED" in page.content and b"Fraud" in page.content
    again = confirmed(staff_browser, path, "twice")
    assert again.status_code == 409 and b"already suspended" in again.content

    assert confirmed(staff_browser, f"/dashboard/users/{alice.username}/reinstate/", "Appeal upheld").status_code == 302
    assert alice.client.get("/api/me").status_code == 200
    assert trade_repo.trade_get(trades[0].trade_id).held  # holds stay until a moderator releases them


def test_another_process_sees_the_suspension_within_the_window(stocked, staff, staff_browser, monkeypatch):
    """A process that cached "not suspended" just before the suspension refuses the trader within 30 s."""
    alice = stocked.alice
    assert confirmed(staff_browser, f"/dashboard/users/{alice.username}/suspend/", "Spam").status_code == 302
    suspension.remember(alice.sub, False)  # the stale copy another warm process would hold
    assert alice.client.get("/api/me").status_code == 200  # still within that process's cache time
    start = time.monotonic()
    monkeypatch.setattr(suspension, "_clock", lambda: start + 31)
    refused = alice.client.get("/api/me")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "account_suspended"


def test_suspend_needs_a_reason_and_a_csrf_token(stocked, staff_browser):
    alice = stocked.alice
    assert confirmed(staff_browser, f"/dashboard/users/{alice.username}/suspend/", "").status_code == 400
    no_token = staff_browser.post(f"/dashboard/users/{alice.username}/suspend/", {"reason": "x", "confirmed": "1"})
    assert no_token.status_code == 403
    suspension.forget(alice.sub)
    assert alice.client.get("/api/me").status_code == 200


def test_suspension_and_its_audit_entry_commit_together(stocked, staff_browser, monkeypatch):
    import moderation.repository as mod_repo

    trade = propose(stocked)
    real = mod_repo.audit_put_action

    def failing(entry):
        action = real(entry)
        action["Put"]["ConditionExpression"] = "attribute_exists(PK)"
        return action

    monkeypatch.setattr(mod_repo, "audit_put_action", failing)
    response = confirmed(staff_browser, f"/dashboard/users/{stocked.alice.username}/suspend/", "Fraud")
    assert response.status_code == 409
    suspension.forget(stocked.alice.sub)
    assert stocked.alice.client.get("/api/me").status_code == 200
    assert not trade_repo.trade_get(trade.trade_id).held
    assert mod_repo.audit_list(target=f"user:{stocked.alice.sub}").items == []
