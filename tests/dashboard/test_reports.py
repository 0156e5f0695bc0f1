"""POST /api/trades/{id}/report: a party reports a trade once; it appears in the reported queue."""

from rest_framework.test import APIClient

from moderation import repository as mod_repo
from tests.helpers import recorded_aws_calls


def test_a_party_reports_once_and_the_trade_joins_the_reported_queue(stocked, trade, staff_browser):
    url = f"/api/trades/{trade.trade_id}/report"
    first = stocked.bob.client.post(url, {"reason": "Asked me to pay outside the platform"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["trade_id"] == trade.trade_id
    again = stocked.bob.client.post(url, {"reason": "and again"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reported"
    assert stocked.alice.client.post(url, {"reason": "He is rude"}, format="json").status_code == 201

    [row] = [r for r in mod_repo.reported_trades(limit=200).items if r.trade_id == trade.trade_id]
    assert (row.report_count, row.last_reason) == (2, "He is rude")
    queue = staff_browser.get("/dashboard/trades/reported/")
    assert trade.trade_id.encode() in queue.content and b"He is rude" in queue.content
    detail = staff_browser.get(f"/dashboard/trades/{trade.trade_id}/")
    assert b"Asked me to pay outside the platform" in detail.content and b"Reports (2)" in detail.content
    user_page = staff_browser.get(f"/dashboard/users/{stocked.bob.username}/")
    assert b"Asked me to pay outside the platform" in user_page.content


def test_only_a_party_may_report(trade, make_trader):
    carol = make_trader("carol")
    response = carol.client.post(f"/api/trades/{trade.trade_id}/report", {"reason": "nosy"}, format="json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "trade_not_found"
    missing = carol.client.post("/api/trades/nosuchtrade/report", {"reason": "x"}, format="json")
    assert missing.status_code == 404
    anonymous = APIClient().post(f"/api/trades/{trade.trade_id}/report", {"reason": "x"}, format="json")
    assert anonymous.status_code == 401


def test_a_report_needs_a_reason(stocked, trade):
    url = f"/api/trades/{trade.trade_id}/report"
    for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 1001}):
        response = stocked.bob.client.post(url, body, format="json")
        assert response.status_code == 400, body
        assert set(response.json()["error"]) == {"code", "message", "details"}
    assert trade.trade_id not in [r.trade_id for r in mod_repo.reported_trades(limit=200).items]


def test_reporting_costs_one_read_and_one_transaction(stocked, trade):
    with recorded_aws_calls() as calls:
        response = stocked.bob.client.post(f"/api/trades/{trade.trade_id}/report", {"reason": "spam"}, format="json")
    assert response.status_code == 201
    assert {op: n for (service, op), n in calls.items() if service == "dynamodb"} == {
        "GetItem": 1,
        "TransactWriteItems": 1,
    }
