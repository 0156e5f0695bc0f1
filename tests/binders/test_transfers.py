"""What trades uses from binders: the one-read check of cards and binders, the snapshot a trade line
keeps, and the transfer actions added to a trade's transaction (conditions, details copied, card_count)."""

from dataclasses import replace
from types import SimpleNamespace

import pytest

from binders.domain.binders import Binder, Visibility
from binders.domain.cards import CardEntry
from binders.repository.transfers import add_transfer
from binders.services.cards import cards_for_trade
from tests.binders.helpers import GOYF, GOYF_ID, POOL, add_card, create_binder, get_binder, ok, seed_cards
from tests.helpers import recorded_aws_calls
from tradeapi import clock
from tradeapi.db import keys
from tradeapi.db.transactions import Transaction


class Refused(Exception):
    def __init__(self, failures):
        super().__init__("refused")
        self.failures = failures


def _change(owner_sub, card_id, gives=0, receives=0, source=None):
    return SimpleNamespace(owner_sub=owner_sub, card_id=card_id, gives=gives, receives=receives, source=source)


def test_cards_for_trade_reads_entries_and_binders_in_one_batch(alice, bob):
    binder = create_binder(alice, "Offered", "tradeable")
    bolt = add_card(alice, binder["id"], POOL, 3, notes="mine")
    missing = f"{binder['id']}-0000000000000000"
    with recorded_aws_calls() as calls:
        cards, binders = cards_for_trade(
            entries=[(alice.sub, bolt["id"]), (alice.sub, missing)],
            binders=[(alice.sub, binder["id"]), (bob.sub, "zzzzzzzzzzzz")],
        )
    assert {op: n for (service, op), n in calls.items() if service == "dynamodb"} == {"BatchGetItem": 1}
    assert set(cards) == {(alice.sub, bolt["id"])} and set(binders) == {(alice.sub, binder["id"])}
    entry = cards[(alice.sub, bolt["id"])]
    assert isinstance(entry, CardEntry) and entry.quantity == 3 and entry.notes == "mine"
    found = binders[(alice.sub, binder["id"])]
    assert isinstance(found, Binder) and found.visibility is Visibility.TRADEABLE and found.card_count == 3
    assert cards_for_trade(entries=[]) == ({}, {})


def test_snapshot_keeps_the_card_details_as_plain_values(alice):
    card = add_card(alice, "default", GOYF, 2, scryfall_id=GOYF_ID)
    seed_cards(alice.sub, "default", 1)  # an entry made before the catalog: no printing linked
    legacy = keys.card_id("default", "BLK", "0", "nonfoil", "NM", "en")
    cards, _ = cards_for_trade(entries=[(alice.sub, card["id"]), (alice.sub, legacy)])
    assert cards[(alice.sub, card["id"])].snapshot() == {
        "name": "Tarmogoyf",
        "set_code": "MM2",
        "collector_number": "165",
        "finish": "nonfoil",
        "condition": "LP",
        "language": "en",
        "scryfall_id": GOYF_ID,
        "oracle_id": "45900b2f-f6a9-4c42-9642-008f3c1cf6dd",
        "rarity": "mythic",
        "image": {
            "small": f"https://cards.scryfall.io/small/front/1/c/{GOYF_ID}.jpg?1562259658",
            "normal": f"https://cards.scryfall.io/normal/front/1/c/{GOYF_ID}.jpg?1562259658",
        },
        "binder_id": "default",
    }
    plain = cards[(alice.sub, legacy)].snapshot()
    assert plain["name"] == "Bulk 0" and not {"scryfall_id", "oracle_id", "rarity", "image"} & set(plain)


@pytest.fixture
def offer(alice, bob):
    """alice gives 2 of 4 Bolts and her only Goyf from one binder; bob receives them into his default binder."""
    binder = create_binder(alice, "Giving")
    bolt = add_card(alice, binder["id"], POOL, 4)
    goyf = add_card(alice, binder["id"], GOYF, 1, notes="alice's")
    landing = {card["id"]: keys.card_id_in_binder(card["id"], keys.DEFAULT_BINDER_ID) for card in (bolt, goyf)}
    changes = [
        _change(alice.sub, bolt["id"], gives=2),
        _change(alice.sub, goyf["id"], gives=1),
        _change(bob.sub, landing[bolt["id"]], receives=2, source=(alice.sub, bolt["id"])),
        _change(bob.sub, landing[goyf["id"]], receives=1, source=(alice.sub, goyf["id"])),
    ]
    deltas = {
        (alice.sub, binder["id"]): -3,
        (bob.sub, keys.DEFAULT_BINDER_ID): 3,
        (alice.sub, keys.DEFAULT_BINDER_ID): 0,
    }
    held, _ = cards_for_trade(entries=[(alice.sub, bolt["id"]), (alice.sub, goyf["id"])])
    return SimpleNamespace(
        binder=binder, bolt=bolt, goyf=goyf, landing=landing, changes=changes, deltas=deltas, held=held
    )


def test_add_transfer_moves_cards_and_keeps_card_counts(alice, bob, offer):
    tx = Transaction()
    add_transfer(tx, offer.changes, offer.deltas, offer.held, clock.now_iso(), on_conflict=Refused)
    assert len(tx) == 4 + 2  # one per entry, one per non-zero binder delta
    tx.commit()
    assert ok(alice.client.get(f"/api/binders/{offer.binder['id']}/cards/{offer.bolt['id']}/"))["quantity"] == 2
    assert alice.client.get(f"/api/binders/{offer.binder['id']}/cards/{offer.goyf['id']}/").status_code == 404
    received = {c["id"]: c for c in ok(bob.client.get("/api/binders/default/cards/"))["results"]}
    assert {cid: c["quantity"] for cid, c in received.items()} == {
        offer.landing[offer.bolt["id"]]: 2,
        offer.landing[offer.goyf["id"]]: 1,
    }
    goyf = received[offer.landing[offer.goyf["id"]]]
    assert (goyf["name"], goyf["set_code"], goyf["condition"], goyf["notes"]) == ("Tarmogoyf", "MM2", "LP", "")
    # The catalog's details travel with the card.
    given = offer.goyf
    assert [goyf[k] for k in ("scryfall_id", "oracle_id", "rarity", "image", "catalog")] == [
        given[k] for k in ("scryfall_id", "oracle_id", "rarity", "image", "catalog")
    ]
    assert [c["name"] for c in ok(bob.client.get("/api/cards/?name=tarmo"))["results"]] == ["Tarmogoyf"]
    assert get_binder(alice, offer.binder["id"])["card_count"] == 2
    assert get_binder(bob, "default")["card_count"] == 3 and get_binder(alice, "default")["card_count"] == 0


def test_add_transfer_conflicts_name_the_changes_and_write_nothing(alice, bob, offer):
    # alice's Bolt entry as if read at 2: giving 2 plans a delete on quantity = 2, and it holds 4.
    stale = {
        **offer.held,
        (alice.sub, offer.bolt["id"]): replace(offer.held[(alice.sub, offer.bolt["id"])], quantity=2),
    }
    add_card(bob, "default", GOYF, 999)  # and bob's Goyf entry has no room for one more
    tx = Transaction()
    add_transfer(tx, offer.changes, offer.deltas, stale, clock.now_iso(), on_conflict=Refused)
    with pytest.raises(Refused) as refused:
        tx.commit()
    assert [f.tag for f in refused.value.failures] == [offer.changes[0], offer.changes[3]]
    assert ok(alice.client.get(f"/api/binders/{offer.binder['id']}/cards/{offer.bolt['id']}/"))["quantity"] == 4
    assert get_binder(alice, offer.binder["id"])["card_count"] == 5
    assert get_binder(bob, "default")["card_count"] == 999
