"""CSV export (issue 15): a binder or the whole collection in Deckbox's, Moxfield's or ManaBox's
format, streamed, formula-safe; and a round trip per format: import → export → import gives the
same collection."""

import csv
import io

import pytest

from binders.csvio.domain.formats import FORMATS
from tests.binders.csv_helpers import entries, fixture, imported, streamed
from tests.binders.helpers import create_binder, error

EXPORTS = ("deckbox", "moxfield", "manabox")


@pytest.fixture
def collection(alice):
    """A binder holding the ManaBox and Moxfield samples (foil, etched, Japanese, every grade but DMG) and the
    TCGplayer one (DMG)."""
    binder = create_binder(alice, "Source")["id"]
    for name in ("manabox", "moxfield", "tcgplayer"):
        imported(alice, binder, fixture(name))
    return alice, binder


def test_each_export_format_round_trips(collection):
    trader, source = collection
    held = entries(trader, source)
    assert {key[2] for key in held} == {"nonfoil", "foil", "etched"} and {key[3] for key in held} >= {"NM", "DMG"}
    for name in EXPORTS:
        response = trader.client.get(f"/api/binders/{source}/export?format={name}")
        assert response["Content-Type"].startswith("text/csv") and name in response["Content-Disposition"]
        text = streamed(response)
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == list(FORMATS[name].header) and len(rows) == 1 + len(held)
        copy = create_binder(trader, f"Copy {name}")["id"]
        body = imported(trader, copy, text.encode())
        assert (body["format"], body["failed"]) == (name, 0), body["errors"]
        assert entries(trader, copy) == held


def test_the_whole_collection_exports_with_each_binder_named(collection):
    trader, source = collection
    other = create_binder(trader, "=cmd|' /C calc'!A0")["id"]  # a binder name that is a formula
    imported(trader, other, fixture("archidekt"))
    text = streamed(trader.client.get("/api/cards/export?format=manabox"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(entries(trader, source)) + len(entries(trader, other))
    assert {row["Binder Name"] for row in rows} == {"Source", "'=cmd|' /C calc'!A0"}
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_export_refusals(alice, bob):
    binder = create_binder(alice, "Private")["id"]
    error(alice.client.get(f"/api/binders/{binder}/export"), 400, "invalid")
    error(alice.client.get(f"/api/binders/{binder}/export?format=tcgplayer"), 400, "invalid")
    error(bob.client.get(f"/api/binders/{binder}/export?format=deckbox"), 404, "binder_not_found")
    assert streamed(alice.client.get(f"/api/binders/{binder}/export?format=deckbox")).count("\r\n") == 1
