"""Hold, release, force-decline and note, through the dashboard's forms: reason, confirmation, CSRF, audit."""

from moderation import repository as mod_repo
from tests.dashboard.helpers import act, confirmed
from trades.domain.trades import TradeStatus
from trades.repository import trades as trade_repo


def _audit_for(trade_id: str) -> list:
    return mod_repo.audit_list(target=f"trade:{trade_id}").items


def _unchanged(trade) -> None:
    after = trade_repo.trade_get(trade.trade_id)
    assert (after.status, after.held, after.version) == (trade.status, trade.held, trade.version)
    assert [e.kind for e in trade_repo.trade_events(trade.trade_id).items] == ["proposed"]
    assert _audit_for(trade.trade_id) == []


def test_hold_asks_for_confirmation_then_blocks_accept_and_counter_through_the_api(
    stocked, trade, staff, staff_browser
):
    path = f"/dashboard/trades/{trade.trade_id}/hold/"
    first = act(staff_browser, path, reason="Suspected scam", version=trade.version)
    assert first.status_code == 200 and b"Are you sure?" in first.content
    assert trade_repo.trade_get(trade.trade_id).held is False  # nothing happens before confirmation

    done = confirmed(staff_browser, path, "Suspected scam", version=trade.version)
    assert done.status_code == 302 and done["Location"] == f"/dashboard/trades/{trade.trade_id}/?done=hold"
    held = trade_repo.trade_get(trade.trade_id)
    assert held.held and held.status == TradeStatus.OPEN and held.version == trade.version + 1

    bob = stocked.bob.client
    accept = bob.post(f"/api/trades/{trade.trade_id}/accept", {"version": held.version}, format="json")
    assert accept.status_code == 409 and accept.json()["error"]["code"] == "trade_on_hold"
    counter = bob.post(
        f"/api/trades/{trade.trade_id}/counter",
        {"version": held.version, "offered": [{"card_id": stocked.goyf, "quantity": 1}]},
        format="json",
    )
    assert counter.status_code == 409 and counter.json()["error"]["code"] == "trade_on_hold"
    body = bob.get(f"/api/trades/{trade.trade_id}/").json()
    assert body["held"] is True
    events = bob.get(f"/api/trades/{trade.trade_id}/events/").json()["results"]
    assert (events[-1]["kind"], events[-1]["by_moderator"], events[-1]["note"]) == ("held", True, "Suspected scam")

    [entry] = _audit_for(trade.trade_id)
    assert (entry.action.value, entry.moderator.username, entry.reason) == ("hold", staff.username, "Suspected scam")
    page = staff_browser.get(done["Location"])
    assert b"HELD" in page.content and b"Suspected scam" in page.content

    release = confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/release/", "Cleared", version=held.version)
    assert release.status_code == 302
    released = trade_repo.trade_get(trade.trade_id)
    assert not released.held
    accept = bob.post(f"/api/trades/{trade.trade_id}/accept", {"version": released.version}, format="json")
    assert accept.status_code == 200 and accept.json()["status"] == "COMPLETED"
    assert [e.action.value for e in _audit_for(trade.trade_id)] == ["release", "hold"]  # newest first


def test_force_decline_shows_as_declined_by_a_moderator_through_the_api(stocked, trade, staff, staff_browser):
    response = confirmed(
        staff_browser, f"/dashboard/trades/{trade.trade_id}/decline/", "Counterfeit cards", version=trade.version
    )
    assert response.status_code == 302
    for trader in (stocked.alice, stocked.bob):
        body = trader.client.get(f"/api/trades/{trade.trade_id}/").json()
        assert body["status"] == "DECLINED"
        assert body["declined_by_moderator"] is True
        assert body["declined_by"] == staff.username
        assert body["decline_reason"] == "Counterfeit cards"
        listed = {r["id"]: r["status"] for r in trader.client.get("/api/trades/?status=DECLINED").json()["results"]}
        assert listed.get(trade.trade_id) == "DECLINED"
    accept = stocked.bob.client.post(
        f"/api/trades/{trade.trade_id}/accept", {"version": trade.version + 1}, format="json"
    )
    assert accept.status_code == 409
    again = confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/decline/", "twice", version=trade.version + 1)
    assert again.status_code == 409 and b"declined" in again.content
    assert [e.action.value for e in _audit_for(trade.trade_id)] == ["force_decline"]


def test_a_held_trade_can_be_force_declined(trade, staff_browser):
    assert confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/hold/", "look", version=1).status_code == 302
    assert confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/decline/", "bad", version=2).status_code == 302
    after = trade_repo.trade_get(trade.trade_id)
    assert after.status == TradeStatus.DECLINED and not after.held


def test_a_note_is_kept_on_the_trade_and_in_the_audit_log(trade, staff_browser):
    response = confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/note/", "Asked both for photos")
    assert response.status_code == 302
    page = staff_browser.get(f"/dashboard/trades/{trade.trade_id}/")
    assert b"Asked both for photos" in page.content
    assert [e.action.value for e in _audit_for(trade.trade_id)] == ["note"]
    assert trade_repo.trade_get(trade.trade_id).version == trade.version  # a note does not change the trade


def test_a_missing_reason_is_rejected_and_nothing_changes(trade, staff_browser):
    for action in ("hold", "decline", "note"):
        for reason in ("", "   "):
            response = confirmed(
                staff_browser, f"/dashboard/trades/{trade.trade_id}/{action}/", reason, version=trade.version
            )
            assert response.status_code == 400
            assert b"A reason is required." in response.content
    _unchanged(trade)


def test_a_missing_csrf_token_is_rejected(trade, staff_browser):
    for action in ("hold", "decline", "note"):
        response = staff_browser.post(
            f"/dashboard/trades/{trade.trade_id}/{action}/",
            {"reason": "no token", "confirmed": "1", "version": trade.version},
        )
        assert response.status_code == 403
    _unchanged(trade)


def test_a_stale_version_is_refused(trade, staff_browser):
    assert confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/hold/", "one", version=1).status_code == 302
    stale = confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/release/", "old page", version=1)
    assert stale.status_code == 409 and b"changed" in stale.content
    assert trade_repo.trade_get(trade.trade_id).held is True


def test_actions_only_by_post(trade, staff_browser):
    assert staff_browser.get(f"/dashboard/trades/{trade.trade_id}/hold/").status_code == 405
    assert act(staff_browser, f"/dashboard/trades/{trade.trade_id}/explode/", reason="x").status_code == 404


def test_the_action_and_its_audit_entry_commit_together_or_not_at_all(trade, staff_browser, monkeypatch):
    """Make the audit Put fail inside the same TransactWriteItems: the hold must not be written either."""
    real = mod_repo.audit_put_action

    def failing_audit_put(entry):
        action = real(entry)
        action["Put"]["ConditionExpression"] = "attribute_exists(PK)"  # a new item: this condition always fails
        return action

    monkeypatch.setattr(mod_repo, "audit_put_action", failing_audit_put)
    for action in ("hold", "decline", "note"):
        response = confirmed(
            staff_browser, f"/dashboard/trades/{trade.trade_id}/{action}/", "atomic?", version=trade.version
        )
        assert response.status_code == 409, action
        assert b"nothing was changed" in response.content
    _unchanged(trade)
    page = staff_browser.get(f"/dashboard/trades/{trade.trade_id}/")
    assert b"atomic?" not in page.content  # no note either

    monkeypatch.setattr(mod_repo, "audit_put_action", real)
    assert (
        confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/hold/", "now", version=trade.version).status_code
        == 302
    )
    assert trade_repo.trade_get(trade.trade_id).held and len(_audit_for(trade.trade_id)) == 1


def test_an_aws_outage_during_an_action_is_a_503_and_changes_nothing(trade, staff_browser, monkeypatch):
    from botocore.exceptions import EndpointConnectionError

    from tradeapi import aws

    client = aws.dynamodb()

    def unreachable(**kwargs):
        raise EndpointConnectionError(endpoint_url="http://dynamodb")

    monkeypatch.setattr(client, "transact_write_items", unreachable)
    response = confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/hold/", "outage", version=1)
    assert response.status_code == 503 and response["Retry-After"]
    monkeypatch.undo()
    _unchanged(trade)
