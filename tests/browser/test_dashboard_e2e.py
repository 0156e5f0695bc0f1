"""End to end in headless Chromium: a moderator logs in, opens the reported queue, holds a trade, then
force-declines it with a reason; the trader's API shows it declined. Saves the README's screenshots."""

import re

from django.conf import settings
from rest_framework.test import APIClient

from binders.domain.binders import Visibility
from binders.services.binders import binder_list
from binders.services.cards import card_search
from moderation.services import actions as moderation
from tests.helpers import cognito_login
from trades.domain.offers import LineRequest
from trades.domain.trades import Party
from trades.services import trades


def _api_client(username: str, password: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {cognito_login(username, password)['AccessToken']}")
    return client


def _tradeable_card(sub: str, quantity: int):
    tradeable = {
        b.binder_id
        for b in binder_list(owner_sub=sub, cursor=None, limit=100).items
        if b.visibility == Visibility.TRADEABLE
    }
    return next(
        c
        for c in card_search(owner_sub=sub, cursor=None, limit=200).items
        if c.binder_id in tradeable and c.quantity >= quantity
    )


def _fresh_reported_trade(demo_accounts) -> str:
    alice, bob = demo_accounts["alice"], demo_accounts["bob"]
    give = _tradeable_card(alice.sub, 1)
    take = _tradeable_card(bob.sub, 2)
    trade = trades.trade_propose(
        actor=Party(alice.sub, alice.username),
        recipient_username=bob.username,
        offered=[LineRequest(give.card_id, 1)],
        requested=[LineRequest(take.card_id, 2)],
        message="Two of yours for one of mine?",
    )
    moderation.trade_report(
        actor=Party(bob.sub, bob.username),
        trade_id=trade.trade_id,
        reason="Keeps messaging me to accept before the price changes",
    )
    return trade.trade_id


def _confirm_action(page, button_name: str, reason: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name=button_name))
    form.locator("textarea").fill(reason)
    form.get_by_role("button", name=button_name).click()
    page.wait_for_selector("text=Are you sure?")
    page.locator("#confirm-action").click()
    page.wait_for_selector("text=The audit log has an entry for it.")


def test_a_moderator_holds_then_force_declines_a_reported_trade(page, server_url, demo_accounts, screenshots):
    trade_id = _fresh_reported_trade(demo_accounts)

    page.goto(f"{server_url}/dashboard/trades/reported/")
    assert "/accounts/login/" in page.url  # anonymous: sent to the login page, and back after it
    page.fill("input[name=username]", "moderator")
    page.fill("input[name=password]", demo_accounts["moderator"].password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/dashboard/trades/reported/$"))
    assert page.locator("tbody tr").first.locator("code").inner_text() == trade_id  # newest report first
    page.screenshot(path=str(screenshots / "reported.png"), full_page=True)

    page.locator("tbody tr").first.locator("a", has_text=trade_id).click()
    page.wait_for_url(re.compile(rf".*/dashboard/trades/{trade_id}/$"))
    assert "Keeps messaging me" in page.content()

    _confirm_action(page, "Hold…", "Looking into the report")
    assert page.locator("#trade-held").is_visible()
    _confirm_action(page, "Force-decline…", "Pressure tactics reported by the recipient")
    assert page.locator("#trade-status").inner_text() == "DECLINED"
    page.screenshot(path=str(screenshots / "trade.png"), full_page=True)

    # The overview sweeps the status index on a cache miss: one full-table pass per Query in moto,
    # so give it time when the test process's table holds the whole suite's trades.
    page.goto(f"{server_url}/dashboard/", timeout=120_000)
    assert page.locator("svg.chart polyline").count() == 3  # created, completed; value completed
    assert "Pressure tactics reported by the recipient" in page.locator("#content").inner_text()
    page.screenshot(path=str(screenshots / "overview.png"), full_page=True)
    page.goto(f"{server_url}/dashboard/trades/?status=OPEN", timeout=60_000)
    page.screenshot(path=str(screenshots / "queue.png"), full_page=True)
    page.goto(f"{server_url}/dashboard/users/mallory/")
    assert page.locator("#suspended").is_visible()  # the demo's suspended trader
    page.screenshot(path=str(screenshots / "user.png"), full_page=True)

    bob = demo_accounts["bob"]
    body = _api_client(bob.username, bob.password).get(f"/api/trades/{trade_id}/").json()
    assert body["status"] == "DECLINED" and body["declined_by_moderator"] is True
    assert body["declined_by"] == "moderator"
    assert body["decline_reason"] == "Pressure tactics reported by the recipient"
    for name in ("overview", "reported", "trade", "queue", "user"):
        assert (screenshots / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert settings.COGNITO_STAFF_GROUP  # the moderator is staff by group membership, nothing else
