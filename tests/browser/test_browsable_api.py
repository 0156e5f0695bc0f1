"""The browsable API in headless Chromium: a trader logs in through its login link, sees their binders,
and proposes a trade through the browsable form."""

import json
import re

from tests.trades.helpers import add_card, make_binder
from trades.repository import trades as trade_repo


def test_a_trader_logs_in_sees_their_binders_and_proposes_a_trade(page, server_url, alice, make_trader):
    carol = make_trader("carol")
    binder = make_binder(alice.sub, "Spares")
    give = add_card(alice.sub, binder, 3, set_code="M10", number="146", name="Lightning Bolt")
    take = add_card(carol.sub, make_binder(carol.sub), 1, set_code="FUT", number="153", name="Tarmogoyf")

    page.goto(f"{server_url}/api/")
    page.get_by_role("link", name="Log in").click()
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    page.fill("input[name=username]", alice.username)
    page.fill("input[name=password]", alice.password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/api/$"))
    assert alice.username in page.locator(".navbar").inner_text()

    page.locator('.response-info a[href$="/api/binders/"]').first.click()
    page.wait_for_url(re.compile(r".*/api/binders/$"))
    listing = page.locator(".response-info").inner_text()
    assert "HTTP 200 OK" in listing and '"name": "Spares"' in listing and '"is_default": true' in listing

    page.goto(f"{server_url}/api/trades/")
    offer = {
        "recipient": carol.username,
        "offered": [{"card_id": give, "quantity": 1}],
        "requested": [{"card_id": take, "quantity": 1}],
        "message": "From the browsable API",
    }
    page.select_option("#id__content_type", "application/json")
    page.fill("#id__content", json.dumps(offer))
    page.locator("form", has=page.locator("#id__content")).get_by_role("button", name="POST").click()
    page.wait_for_selector("text=HTTP 201 Created")
    created = json.loads(page.locator(".response-info pre").inner_text().split("\n\n", 1)[1])
    assert created["status"] == "OPEN" and created["recipient"]["username"] == carol.username
    trade = trade_repo.trade_get(created["id"])
    assert trade.proposer.sub == alice.sub and trade.offer.message == "From the browsable API"
