"""The dashboard's trade page shows values with source and date; the queue filters lopsided trades."""

from tests.trades.helpers import propose
from tests.trades.test_trade_values import TODAY, priced  # noqa: F401 (a fixture)
from trades.repository.trades import trades_by_status


def test_trade_page_values_and_the_lopsided_queue(priced, staff_browser):  # noqa: F811
    alice, bob, dear, cheap = priced
    lopsided = propose(bob, alice, offered=[(bob.cheap.card_id, 1)], requested=[(alice.dear.card_id, 1)]).json()
    small = propose(bob, alice, offered=[(bob.cheap.card_id, 1)], requested=[]).json()  # under the 10.00 minimum
    page = staff_browser.get(f"/dashboard/trades/{lopsided['id']}/").content.decode()
    assert f"$34.00 · scryfall.usd · {TODAY}" in page  # the line, at offer and now
    assert f"$0.50 · scryfall.usd_foil · {TODAY}" in page
    assert "LOPSIDED" in page and "ratio 0.0147" in page
    assert f"$34.00 · 1 priced, 0 unpriced · scryfall prices from {TODAY}" in page
    queue = staff_browser.get("/dashboard/trades/?status=OPEN&lopsided=on").content.decode()
    assert lopsided["id"] in queue
    assert small["lopsided"] is False and small["id"] not in queue
    everything = staff_browser.get("/dashboard/trades/?status=OPEN").content.decode()
    assert lopsided["id"] in everything and small["id"] in everything
    mine = staff_browser.get(f"/dashboard/trades/?status=OPEN&lopsided=on&trader={alice.username}").content.decode()
    assert lopsided["id"] in mine and small["id"] not in mine


def test_the_overview_charts_the_value_completed_per_day(priced, staff_browser):  # noqa: F811
    alice, bob, dear, cheap = priced
    trade = propose(bob, alice, offered=[(bob.cheap.card_id, 1)], requested=[(alice.dear.card_id, 1)]).json()
    assert alice.client.post(f"/api/trades/{trade['id']}/accept", {"version": 1}, format="json").status_code == 200
    page = staff_browser.get("/dashboard/?fresh=1").content.decode()
    assert "Value completed per day (USD)" in page and "Value completed (" in page
    assert "Value completed (0)" not in page  # 34.50 changed hands today


def test_the_lopsided_filter_pages_through_every_shard_without_skipping(priced):  # noqa: F811
    alice, bob, dear, cheap = priced
    flagged = {propose(bob, alice, offered=[(bob.cheap.card_id, 1)], requested=[(alice.dear.card_id, 1)]).json()["id"]}
    flagged.add(propose(alice, bob, offered=[(alice.dear.card_id, 1)], requested=[(bob.cheap.card_id, 1)]).json()["id"])
    small = propose(bob, alice, offered=[(bob.cheap.card_id, 1)], requested=[]).json()["id"]
    seen, cursor = [], None
    for _ in range(200):
        page = trades_by_status("OPEN", cursor, 3, lopsided_only=True)
        assert len(page.items) <= 3 and all(t.lopsided for t in page.items)
        seen += [t.trade_id for t in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert flagged <= set(seen) and small not in seen and len(seen) == len(set(seen))
