"""The browsable API in headless Chromium, used as a trader would: only the links and forms it offers.

After logging in and opening /api/, no URL is typed and no id is copied: every step is a click
on a link in a response, or a form the page offers (pre-filled where it can be).
"""

import json
import re

from tests.binders.helpers import create_binder
from tests.trades.helpers import add_card, make_binder
from trades.domain.lifecycle import TradeStatus
from trades.repository import trades as trade_repo


def _log_in(page, server_url, trader):
    page.goto(f"{server_url}/api/")
    page.get_by_role("link", name="Log in").click()
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    page.fill("input[name=username]", trader.username)
    page.fill("input[name=password]", trader.password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/api/$"))
    assert trader.username in page.locator(".navbar").inner_text()


def _follow(page, url: str) -> None:
    """Click the link to ``url`` in the response shown (the browsable API links every URL it shows)."""
    page.locator(".response-info pre a", has_text=url).first.click()
    page.wait_for_url(url.split("?")[0] + "*")


def _response(page) -> dict:
    text = page.locator(".response-info pre").inner_text()
    return json.loads(text.split("\n\n", 1)[1])


def _submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(form_selector).get_by_role("button", name=re.compile("POST|PATCH")).click()


def test_a_trader_trades_using_only_links_and_forms(page, server_url, alice, bob, screenshots):
    create_binder(alice, "Spares")
    goyf_binder = make_binder(bob.sub, "Bob's trade binder")
    add_card(bob.sub, goyf_binder, 2, set_code="FUT", number="153", name="Tarmogoyf")

    # alice: log in, open her binders, and add a card to "Spares" through the HTML form.
    _log_in(page, server_url, alice)
    _follow(page, _response(page)["binders"])
    spares = next(b for b in _response(page)["results"] if b["name"] == "Spares")
    _follow(page, spares["cards"])
    page.fill("#post-object-form input[name=name]", "Dragon's Rage Channeler")
    page.fill("#post-object-form input[name=set_code]", "MH2")
    page.fill("#post-object-form input[name=collector_number]", "121")
    page.fill("#post-object-form input[name=quantity]", "3")
    _submit(page, "#post-object-form")
    assert "HTTP 201 Created" in page.locator(".response-info").inner_text()
    added = _response(page)
    assert added["quantity"] == 3 and added["finish"] == "nonfoil"  # the printing's first finish
    assert added["scryfall_id"] and added["catalog"] and added["image"]  # filled from the catalog
    page.screenshot(path=str(screenshots / "api-card-added.png"), full_page=True)

    # ... then find bob through the trader directory and open his tradeable binder.
    page.get_by_role("link", name="Api Root").click()
    _follow(page, _response(page)["traders"])
    page.get_by_role("button", name="Filters").click()  # the traders page's search form
    search = page.get_by_label("Username")
    search.fill(bob.username)
    with page.expect_navigation():
        search.press("Enter")
    _follow(page, next(t for t in _response(page)["results"] if t["username"] == bob.username)["binders"])
    _follow(page, _response(page)["results"][0]["cards"])
    goyf = _response(page)["results"][0]
    assert goyf["name"] == "Tarmogoyf"

    # Propose: the card's "propose" link opens the trade form with the card already asked for.
    _follow(page, goyf["propose"])
    page.get_by_role("link", name="Raw data").click()
    body = json.loads(page.input_value("#post-generic-content-form textarea"))
    assert body["recipient"] == bob.username and body["requested"][0]["quantity"] == 1
    body["message"] = "Your Goyf?"
    page.fill("#post-generic-content-form textarea", json.dumps(body))
    _submit(page, "#post-generic-content-form")
    assert "HTTP 201 Created" in page.locator(".response-info").inner_text()
    trade = _response(page)
    assert trade["status"] == "OPEN" and set(trade["actions"]) == {"cancel"}
    page.screenshot(path=str(screenshots / "api-trade-proposed.png"), full_page=True)
    page.locator(".navbar .dropdown-toggle").click()  # the user menu
    with page.expect_navigation():
        page.locator("#logoutForm button").click()

    # bob: log in, open his trades, the trade, and accept it through its action link.
    _log_in(page, server_url, bob)
    _follow(page, _response(page)["trades"])
    _follow(page, _response(page)["results"][0]["url"])
    actions = _response(page)["actions"]
    assert set(actions) == {"accept", "counter", "decline"}
    _follow(page, actions["accept"])
    page.get_by_role("link", name="HTML form").click()  # the page remembers the Raw data tab from before
    assert page.input_value("#post-object-form input[name=version]") == "1"  # pre-filled
    _submit(page, "#post-object-form")
    done = _response(page)
    assert done["status"] == "COMPLETED" and done["actions"] == {}
    page.screenshot(path=str(screenshots / "api-trade-accepted.png"), full_page=True)
    assert trade_repo.trade_get(done["id"]).status == TradeStatus.COMPLETED
