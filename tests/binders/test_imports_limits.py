"""CSV import limits and bad input: 5 MB and 10,000 rows, unreadable encodings, binary files, odd
Unicode, formula cells and broken quoting are answered in the one error shape (or imported), never a 500."""

import codecs

import pytest

from binders.csvio.domain.csvtext import MAX_BYTES, MAX_ROWS, csv_lines, decode, read_table, unformula
from tests.binders.csv_helpers import csv_bytes, imported, post_csv, streamed
from tests.binders.helpers import create_binder, error, ok

MOXFIELD = ["Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Collector Number"]


@pytest.fixture
def binder(alice):
    return alice, create_binder(alice, "Limits")["id"]


def test_a_file_over_5_mb_is_413_as_a_body_or_an_upload(binder):
    trader, binder_id = binder
    big = b"Count,Tradelist Count,Name,Edition,Collector Number\r\n" + b"1,0,x,y,1\r\n" * (MAX_BYTES // 11 + 1)
    assert len(big) > MAX_BYTES
    body = error(post_csv(trader, binder_id, big), 413, "file_too_large")
    assert "5 MB" in body["message"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = trader.client.post(
        f"/api/binders/{binder_id}/imports/", {"file": SimpleUploadedFile("big.csv", big)}, format="multipart"
    )
    error(upload, 413, "file_too_large")


def test_more_than_10000_rows_is_400(binder):
    trader, binder_id = binder
    rows = [["1", "0", "Tarmogoyf", "mm2", "", "", "", "165"]] * (MAX_ROWS + 1)
    body = error(post_csv(trader, binder_id, csv_bytes(MOXFIELD, rows)), 400, "too_many_rows")
    assert "10,000" in body["message"]
    assert read_table(csv_bytes(MOXFIELD, rows[:MAX_ROWS]).decode()).rows[-1][0] == MAX_ROWS + 1  # the limit itself


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"\r\n\r\n", "empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unreadable_file"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "unreadable_file"),  # a lone surrogate
        (b"Count,Name\r\n1,\x81\x8d\x8f\xc3\r\n", "unreadable_file"),  # neither UTF-8 nor Windows-1252
        (b"Who,What\r\n1,2\r\n", "unknown_format"),
        (b'Count,Tradelist Count,Name,Edition,Collector Number\r\n1,0,"' + b"x" * 200_000, "unreadable_file"),
    ],
    ids=["empty", "blank lines", "binary", "bad utf-16", "bad bytes", "unknown header", "unclosed quote"],
)
def test_unreadable_files_are_400_with_a_clear_message(binder, data, code):
    trader, binder_id = binder
    body = error(post_csv(trader, binder_id, data), 400, code)
    assert body["message"]


def test_options_are_checked(binder):
    trader, binder_id = binder
    data = csv_bytes(MOXFIELD, [["1", "0", "Tarmogoyf", "mm2", "", "", "", "165"]])
    error(post_csv(trader, binder_id, data, query="?format=excel"), 400, "invalid")
    error(post_csv(trader, binder_id, data, query="?format=manabox"), 400, "missing_columns")
    error(trader.client.post(f"/api/binders/{binder_id}/imports/", {"a": 1}, format="json"), 415)


def test_encodings_odd_unicode_formulas_and_quotes_are_read_as_data(binder):
    trader, binder_id = binder
    rows = [
        ["1", "0", "Tarmogoyf", "mm2", "Near Mint", "English", "", "165"],
        ["1", "0", '=HYPERLINK("http://evil","x")', "mm2", "", "", "", "1"],
        ["1", "0", "+2 Mace", "afr", "", "", "", "1"],
        ["1", "0", "\u202eRTL \u200bzero-width ☃ 🐉", "\u00a0mh2\u00a0", "", "", "", "121"],
        ["1", "0", 'Quote "inside"', "mm2", "", "", "", "9999"],
    ]
    data = csv_bytes(MOXFIELD, rows)
    utf16 = codecs.BOM_UTF16_LE + data.decode().encode("utf-16-le")
    cp1252 = csv_bytes(MOXFIELD, [["1", "0", "Lim-Dûl's Vault", "mm2", "", "", "", "165"]]).decode().encode("cp1252")
    semicolons = data.replace(b",", b";")
    for variant in (data, utf16, semicolons):
        body = ok(post_csv(trader, binder_id, variant, query="?dry_run=true"), 200)
        assert (body["rows"], body["matched"], body["failed"]) == (5, 2, 3), body
    assert ok(post_csv(trader, binder_id, cp1252, query="?dry_run=true"), 200)["matched"] == 1
    body = imported(trader, binder_id, data)
    failed = streamed(trader.client.get(body["failed_rows"]))
    assert "'=HYPERLINK(" in failed and "'+2 Mace" in failed and '"Quote ""inside"""' in failed


def test_formula_cells_are_written_safely_and_read_back_as_they_were():
    cells = ["=1+1", "+2 Mace", "-3", "@SUM(A1)", "\tTab", "plain", "a=b", "", "O'Brien", "'quoted"]
    line = next(csv_lines([cells]))
    written = line.rstrip("\r\n").split(",")
    assert written[:5] == ["'=1+1", "'+2 Mace", "'-3", "'@SUM(A1)", "'\tTab"]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in written)
    read = read_table("h\r\n" + "".join(next(csv_lines([[c]])) for c in cells if c)).rows
    assert [row[0] for _, row in read] == [c for c in cells if c]
    assert unformula("'=x") == "=x" and unformula("'plain") == "'plain"
    assert decode(codecs.BOM_UTF8 + "é".encode()) == "é"
