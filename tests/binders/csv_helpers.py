"""Helpers for the CSV import and export tests: the sample files (tests/fixtures/csv), posting a file,
building files, and a binder's entries as comparable tuples."""

import csv
import io
from pathlib import Path

from tests.binders.helpers import all_pages, get_binder, ok

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"
FORMATS = ("deckbox", "moxfield", "manabox", "tcgplayer", "cardsphere", "archidekt")


def fixture(name: str) -> bytes:
    return (FIXTURES / f"{name}.csv").read_bytes()


def post_csv(trader, binder_id: str, data: bytes, *, query: str = "", **headers):
    return trader.client.post(f"/api/binders/{binder_id}/imports/{query}", data, content_type="text/csv", **headers)


def imported(trader, binder_id: str, data: bytes, *, query: str = "", status: int = 201) -> dict:
    return ok(post_csv(trader, binder_id, data, query=query), status)


def csv_bytes(header: list[str], rows: list[list[str]], *, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def streamed(response) -> str:
    assert response.status_code == 200, (response.status_code, getattr(response, "content", b"")[:500])
    return b"".join(response.streaming_content).decode()


def entries(trader, binder_id: str) -> dict[tuple, int]:
    """{(set, number, finish, condition, language): quantity} of a binder, checking card_count is their sum."""
    cards, _ = all_pages(trader.client, f"/api/binders/{binder_id}/cards/", 200)
    held = {
        (c["set_code"], c["collector_number"], c["finish"], c["condition"], c["language"]): c["quantity"] for c in cards
    }
    assert get_binder(trader, binder_id)["card_count"] == sum(held.values())
    return held
