"""Concurrent moderation: many moderators holding one trade, one trader reporting many times at once."""

from rest_framework.test import APIClient

from accounts.users import CognitoUser
from moderation import repository as mod_repo
from moderation.services import actions as services
from tests.helpers import cognito_login
from tests.trades.test_trade_races import race
from tradeapi.exceptions import Conflict
from trades.repository import trades as trade_repo

THREADS = 12


def _attempt(call):
    def run():
        try:
            call()
            return "ok"
        except Conflict as exc:
            return exc.code

    return run


def test_twelve_moderators_holding_one_trade_make_one_hold_and_one_audit_entry(trade, staff):
    moderators = [
        CognitoUser(sub=f"{staff.sub}-{n}", username=f"{staff.username}{n}", is_staff=True) for n in range(THREADS)
    ]
    results = race(
        [
            _attempt(lambda m=m: services.trade_hold(moderator=m, trade_id=trade.trade_id, reason="race"))
            for m in moderators
        ]
    )
    assert results.count("ok") == 1, results
    assert set(results) - {"ok"} <= {"already_held", "stale_version"}
    after = trade_repo.trade_get(trade.trade_id)
    assert after.held and after.version == trade.version + 1
    assert len(mod_repo.audit_list(target=f"trade:{trade.trade_id}").items) == 1
    assert [e.kind for e in trade_repo.trade_events(trade.trade_id).items] == ["proposed", "held"]


def test_a_trader_reporting_twelve_times_at_once_files_one_report(stocked, trade):
    token = cognito_login(stocked.bob.username)["AccessToken"]

    def report():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.post(f"/api/trades/{trade.trade_id}/report", {"reason": "again"}, format="json").status_code

    codes = sorted(race([report] * THREADS))
    assert codes == [201] + [409] * (THREADS - 1)
    [row] = [r for r in mod_repo.reported_trades(limit=200).items if r.trade_id == trade.trade_id]
    assert row.report_count == 1
