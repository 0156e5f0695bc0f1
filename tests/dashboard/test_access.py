"""Who sees the dashboard: staff get every page; traders a 403 page; anonymous visitors the login page."""

import pytest
from django.test import Client

from tests.dashboard.helpers import act
from trades.repository import trades as trade_repo

PAGES = [
    "/dashboard/",
    "/dashboard/trades/",
    "/dashboard/trades/reported/",
    "/dashboard/users/?q=a",
    "/dashboard/audit/",
]


def _detail_pages(trade) -> list[str]:
    return [f"/dashboard/trades/{trade.trade_id}/", f"/dashboard/users/{trade.proposer.username}/"]


def test_anonymous_visitors_are_sent_to_the_login_page(trade):
    client = Client()
    for path in PAGES + _detail_pages(trade):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next=/dashboard/"), response["Location"]
    response = client.post(f"/dashboard/trades/{trade.trade_id}/hold/", {"reason": "x", "confirmed": "1"})
    assert response.status_code in (302, 403)  # no session: CSRF or login, never the action
    assert trade_repo.trade_get(trade.trade_id).held is False


def test_after_login_the_staff_member_lands_on_the_page_they_asked_for(staff):
    from tests.helpers import login_through_page

    client = Client(enforce_csrf_checks=True)
    first = client.get("/dashboard/trades/reported/")
    next_url = first["Location"].split("next=", 1)[1]
    response = login_through_page(client, staff.username, next_url=next_url)
    assert response.status_code == 302 and response["Location"] == "/dashboard/trades/reported/"
    assert client.get("/dashboard/trades/reported/").status_code == 200


def test_a_trader_who_is_not_staff_gets_403_on_every_page_and_action(trade, browser_client):
    client = browser_client(trade.recipient.username)
    for path in PAGES + _detail_pages(trade):
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Staff only" in response.content
    for action in ("hold", "decline", "note"):
        response = act(client, f"/dashboard/trades/{trade.trade_id}/{action}/", reason="mine now", confirmed="1")
        assert response.status_code == 403
    response = act(client, f"/dashboard/users/{trade.proposer.username}/suspend/", reason="x", confirmed="1")
    assert response.status_code == 403
    after = trade_repo.trade_get(trade.trade_id)
    assert (after.status, after.held, after.version) == (trade.status, False, trade.version)


def test_staff_see_every_page(trade, staff_browser):
    for path in PAGES + _detail_pages(trade):
        response = staff_browser.get(path)
        assert response.status_code == 200, path
        assert b"tradeapi moderation" in response.content
        assert b"/static/dashboard/dashboard.css" in response.content


@pytest.mark.parametrize("path", ["/dashboard/trades/nosuchtrade/", "/dashboard/users/nosuchuser-xyz/"])
def test_unknown_trades_and_users_are_404(staff_browser, path):
    assert staff_browser.get(path).status_code == 404


def test_assets_are_served_locally_and_no_page_loads_anything_from_elsewhere(trade, staff_browser):
    css = staff_browser.get("/static/dashboard/dashboard.css")
    assert css.status_code == 200
    js = staff_browser.get("/static/dashboard/dashboard.js")
    assert js.status_code == 200
    for path in PAGES + _detail_pages(trade):
        body = staff_browser.get(path).content
        assert b"https://" not in body and b"http://" not in body.replace(b'xmlns="http://www.w3.org/2000/svg"', b"")


def test_a_bad_cursor_is_a_400_page_not_a_500(staff_browser):
    for path in (
        "/dashboard/trades/?cursor=garbage",
        "/dashboard/trades/reported/?cursor=garbage",
        "/dashboard/audit/?cursor=garbage",
        "/dashboard/users/?q=a&cursor=garbage",
    ):
        response = staff_browser.get(path)
        assert response.status_code == 400, path
        assert b"not valid" in response.content
