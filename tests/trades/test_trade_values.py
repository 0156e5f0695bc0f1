"""Trade values over HTTP: frozen at each offer, "now" from today's catalog, lopsided stored, the viewer's currency."""

import pytest

from binders.services.cards import card_add
from catalog.importer import import_records
from tests.catalog.helpers import fresh_copies
from tests.trades.helpers import act, make_binder, propose
from tradeapi import clock

TODAY = clock.now().date().isoformat()


def priced_copies(*prices: dict) -> list[dict]:
    """Fresh catalog printings (a set of their own) with these prices, made in non-foil and foil."""
    records = fresh_copies(len(prices))
    for record, price in zip(records, prices, strict=True):
        record.update(finishes=["nonfoil", "foil"], prices={"usd": None, "usd_foil": None, "eur": None, **price})
    return records


@pytest.fixture
def priced(alice, bob):
    dear, cheap = priced_copies({"usd": "40.00", "eur": "35.00"}, {"usd": "0.25", "usd_foil": "0.50"})
    import_records([dear, cheap], prices_date=TODAY)
    alice.binder, bob.binder = make_binder(alice.sub), make_binder(bob.sub)
    alice.dear, _ = card_add(
        owner_sub=alice.sub, binder_id=alice.binder, quantity=2, scryfall_id=dear["id"], condition="LP"
    )
    bob.cheap, _ = card_add(owner_sub=bob.sub, binder_id=bob.binder, quantity=1, scryfall_id=cheap["id"], finish="foil")
    return alice, bob, dear, cheap


def test_values_frozen_at_the_offer_now_from_the_catalog_and_lopsided_stored(priced):
    alice, bob, dear, cheap = priced
    made = propose(bob, alice, offered=[(bob.cheap.card_id, 1)], requested=[(alice.dear.card_id, 1)])
    assert made.status_code == 201, made.content
    trade = made.json()
    assert trade["lopsided"] is True  # 0.50 for 34.00
    wanted = trade["offer"]["recipient_gives"][0]
    assert wanted["card"]["prices"]["usd"] == "40.00" and wanted["card"]["prices_date"] == TODAY
    assert wanted["value"]["at_offer"] == {
        "unit": {"amount": "34.00", "currency": "USD", "source": "scryfall.usd", "price_date": TODAY, "stale": False},
        "line": {"amount": "34.00", "currency": "USD", "source": "scryfall.usd", "price_date": TODAY, "stale": False},
        "reason": None,
    }
    given = trade["offer"]["proposer_gives"][0]["value"]["at_offer"]
    assert given["unit"]["source"] == "scryfall.usd_foil" and given["unit"]["amount"] == "0.50"
    at_offer = trade["values"]["at_offer"]
    assert (at_offer["proposer_gives"]["amount"], at_offer["recipient_gives"]["amount"]) == ("0.50", "34.00")
    assert at_offer["balance"] == {"difference": "-33.50", "ratio": "0.0147"}
    assert trade["values"]["now"] == at_offer  # the offer was just made: today's prices are the frozen ones

    row = alice.client.get("/api/trades/").json()["results"][0]
    assert row["id"] == trade["id"] and row["lopsided"] is True
    assert row["values"] == {"currency": "USD", "at_offer": at_offer}

    # A price import moves "now", never what the offer froze.
    tomorrow = clock.iso(clock.now().replace(year=clock.now().year + 1))[:10]
    import_records([{**dear, "prices": {**dear["prices"], "usd": "50.00"}}], prices_date=tomorrow)
    detail = alice.client.get(f"/api/trades/{trade['id']}/").json()
    line = detail["offer"]["recipient_gives"][0]
    assert line["value"]["at_offer"]["unit"]["amount"] == "34.00"
    assert line["value"]["now"]["unit"] == {
        "amount": "42.50",
        "currency": "USD",
        "source": "scryfall.usd",
        "price_date": tomorrow,
        "stale": False,
    }
    assert detail["values"]["now"]["recipient_gives"]["amount"] == "42.50"
    assert detail["values"]["at_offer"] == at_offer
    event = alice.client.get(f"/api/trades/{trade['id']}/events/").json()["results"][0]
    assert event["offer"]["recipient_gives"][0]["value"]["at_offer"]["unit"]["amount"] == "34.00"

    # A counter freezes again, and computes the flag again.
    countered = act(
        alice,
        trade["id"],
        "counter",
        version=1,
        offered=[{"card_id": alice.dear.card_id, "quantity": 1}],
        requested=[],
    ).json()
    assert countered["lopsided"] is True
    assert countered["offer"]["recipient_gives"][0]["value"]["at_offer"]["unit"]["amount"] == "42.50"


def test_a_currency_change_shows_values_in_euros(priced):
    alice, bob, dear, cheap = priced
    trade = propose(bob, alice, offered=[(bob.cheap.card_id, 1)], requested=[(alice.dear.card_id, 2)]).json()
    assert alice.client.patch("/api/me", {"currency": "GBP"}, format="json").status_code == 400
    changed = alice.client.patch("/api/me", {"currency": "EUR"}, format="json")
    assert changed.status_code == 200 and changed.json()["currency"] == "EUR"
    detail = alice.client.get(f"/api/trades/{trade['id']}/").json()
    assert detail["values"]["currency"] == "EUR"
    assert detail["values"]["at_offer"]["recipient_gives"]["amount"] == "59.50"  # 35.00 × 0.85 × 2
    foil = detail["offer"]["proposer_gives"][0]["value"]["at_offer"]
    assert foil == {"unit": None, "line": None, "reason": "no_price_in_currency"}
    assert detail["values"]["at_offer"]["proposer_gives"]["unpriced"] == 1
    assert alice.client.get("/api/trades/").json()["results"][0]["values"]["currency"] == "EUR"
    assert bob.client.get(f"/api/trades/{trade['id']}/").json()["values"]["currency"] == "USD"
