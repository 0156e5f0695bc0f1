"""`manage.py catalog_import`: every file form (JSON array or JSON Lines, gzipped or not; a path, a
file:// URL or Scryfall's bulk-data object), every skip rule, damaged files and --dry-run.

The session imported the sample already, so each test imports copies of real sample records with
new ids in a set of its own (helpers.fresh_copies): new to this worker's table whatever ran before.
"""

import copy
import json
import os
import re
import uuid
from datetime import UTC, datetime

import pytest
from django.core.management.base import CommandError

from tests.catalog.helpers import (
    DIGITAL,
    PRICES_DATE,
    WRITES,
    by_id_item,
    dynamo,
    fresh_copies,
    in_set_item,
    json_bytes,
    new_set_code,
    run_import,
    stored_both,
    write_bulk,
)
from tests.helpers import recorded_aws_calls

FORMS = {"array": "JSON array", "lines": "JSON Lines", "array.gz": "gzip JSON array", "lines.gz": "gzip JSON Lines"}


def _assert_imported(records: list[dict], prices_date: str) -> None:
    for record in records:
        by_id, in_set = stored_both(record)
        assert by_id is not None and in_set is not None, record["name"]
        assert by_id["name"] == in_set["name"] == record["name"]
        assert by_id["set_code"] == in_set["set_code"] == record["set"].upper()
        assert by_id["prices_date"] == in_set["prices_date"] == prices_date
        assert by_id["prices"]["usd"] == record["prices"]["usd"]
        assert by_id["content_hash"] == in_set["content_hash"] and by_id["prices_hash"] == in_set["prices_hash"]


@pytest.mark.parametrize("form", FORMS)
def test_every_file_form_imports(tmp_path, form):
    records = fresh_copies(6)
    path = write_bulk(tmp_path / f"cards.{form}", records, form)
    report, output = run_import(path)
    assert report["records"] == report["new"] == 6
    assert (report["updated"], report["unchanged"], report["skipped_total"], report["sets"]) == (0, 0, 0, 1)
    assert f"Read {FORMS[form]}." in output
    assert f"prices as of {PRICES_DATE}" in output
    _assert_imported(records, PRICES_DATE)


def test_the_form_comes_from_the_bytes_not_the_name(tmp_path):
    records = fresh_copies(3)
    path = write_bulk(tmp_path / "cards.json", records, "lines.gz")  # gzipped JSON Lines, misleadingly named
    report, output = run_import(path)
    assert report["new"] == 3 and "Read gzip JSON Lines." in output
    _assert_imported(records, PRICES_DATE)


def test_a_file_url_dated_by_its_modification_time(tmp_path):
    records = fresh_copies(4)
    path = write_bulk(tmp_path / "default-cards.jsonl.gz", records, "lines.gz")
    modified = datetime(2026, 10, 15, 12, 0, tzinfo=UTC).timestamp()
    os.utime(path, (modified, modified))
    report, output = run_import(path.as_uri(), prices_date=None)  # no --prices-date: the file's date
    assert report["new"] == 4 and "Read gzip JSON Lines." in output
    _assert_imported(records, "2026-10-15")


def test_the_bulk_data_object_names_the_file_and_dates_the_prices(tmp_path):
    records = fresh_copies(4)
    cards = write_bulk(tmp_path / "default-cards.jsonl.gz", records, "lines.gz")
    bulk = tmp_path / "default-cards.json"
    bulk.write_text(
        json.dumps(
            {
                "object": "bulk_data",
                "id": "e2ef41e3-5778-4bc2-af3f-78eca4dd9c23",
                "type": "default_cards",
                "updated_at": "2026-11-30T10:00:00+00:00",
                "uri": "https://api.scryfall.com/bulk-data/e2ef41e3-5778-4bc2-af3f-78eca4dd9c23",
                "name": "Default Cards",
                "description": "Every card object on Scryfall in English or the printed language.",
                "size": cards.stat().st_size,
                "download_uri": cards.as_uri(),
                "content_type": "application/json",
                "content_encoding": "gzip",
            }
        )
    )
    report, output = run_import("--bulk-data", bulk.as_uri(), prices_date=None)
    assert report["new"] == 4 and f"Importing {cards.as_uri()} (prices as of 2026-11-30)" in output
    _assert_imported(records, "2026-11-30")
    # --prices-date still wins over the bulk-data object's date.
    again = copy.deepcopy(records[0])
    again["prices"]["usd"] = "123.45"
    write_bulk(cards, [again], "lines.gz")
    report, _ = run_import("--bulk-data", bulk.as_uri(), prices_date="2026-12-01")
    assert report["prices_only"] == 1
    assert by_id_item(again["id"])["prices_date"] == "2026-12-01"


def test_the_command_needs_exactly_one_source(tmp_path):
    with pytest.raises(CommandError, match="one of them"):
        run_import()
    with pytest.raises(CommandError, match="one of them"):
        run_import(tmp_path / "x.json", "--bulk-data", "file:///nowhere.json")
    with pytest.raises(CommandError, match="Cannot open"):
        run_import(tmp_path / "missing.jsonl")


def test_every_skip_rule_is_counted_and_nothing_is_written_for_it(tmp_path):
    set_code = new_set_code()
    good = fresh_copies(2, set_code)
    base = fresh_copies(5, set_code, start=2)
    not_paper, art_series, no_set_name, no_oracle, no_finishes = base
    # No real record is sold in paper yet not digital: a real paper record, its games edited.
    not_paper["games"] = ["mtgo"]
    # The sample has no art_series record (catalog/sample/README.md): a real record, its layout edited.
    art_series["layout"] = "art_series"
    del no_set_name["set_name"]
    # An oracle id neither on the record nor on faces (a DFC keeps it on its faces; this one has none).
    no_oracle.pop("oracle_id")
    no_oracle.pop("card_faces", None)
    no_finishes["finishes"] = []
    digital = [r for r in DIGITAL if r["set"] in ("hbg", "me4")][:2]  # real digital-only records, unedited
    path = write_bulk(tmp_path / "mixed.jsonl", [digital[0], *good, not_paper, art_series, digital[1], *base[2:]])

    report, output = run_import(path)
    assert report["records"] == 9 and report["new"] == 2
    assert report["skipped"] == {"art_series": 1, "digital_only": 2, "missing_fields": 3, "not_in_paper": 1}
    assert report["skipped_total"] == 7
    _assert_imported(good, PRICES_DATE)
    for record in (*digital, *base):
        assert by_id_item(record["id"]) is None, record["name"]
    for record in base:  # their places in the set (3 to 7) stay empty
        assert in_set_item(set_code, record["collector_number"]) is None


# --- damaged files --------------------------------------------------------------------


def _import_fails(*args) -> str:
    with pytest.raises(CommandError) as failure:
        run_import(*args)
    assert failure.value.returncode == 1  # manage.py exits non-zero
    return str(failure.value)


def _committed(message: str) -> int:
    found = re.search(r"([\d,]+) records before it were imported", message)
    assert found, message
    return int(found[1].replace(",", ""))


def _split_stored(records: list[dict]) -> int:
    """How many of ``records`` are stored, checking that they are a prefix of the file."""
    stored = [by_id_item(r["id"]) is not None for r in records]
    count = stored.index(False) if False in stored else len(stored)
    assert stored == [True] * count + [False] * (len(records) - count), stored
    return count


def test_a_garbage_line_stops_the_import_after_the_records_before_it(tmp_path):
    records = fresh_copies(8)
    lines = [json.dumps(r) for r in records]
    lines.insert(5, '{"object": "card", "id": "oops", "name": ')  # a line cut short, then more records
    path = tmp_path / "cards.jsonl"
    path.write_text("\n".join(lines) + "\n")
    message = _import_fails(path)
    assert "line 6" in message and "not JSON" in message
    assert _committed(message) == 5
    assert _split_stored(records) == 5
    assert in_set_item(records[0]["set"], "1") is not None and in_set_item(records[0]["set"], "6") is None


@pytest.mark.parametrize("form", ["array", "array.gz", "lines.gz"])
def test_a_truncated_file_stops_the_import_after_the_records_before_the_damage(tmp_path, form):
    records = fresh_copies(40)
    whole = json_bytes(records, form)
    path = tmp_path / f"cut.{form}"
    path.write_bytes(whole[: int(len(whole) * 0.8)])
    message = _import_fails(path)
    assert re.search(r"after record [\d,]+, byte [\d,]+ of the file", message), message
    assert ("gzip stream is cut short" if form.endswith(".gz") else "JSON array is cut short") in message
    committed = _committed(message)
    assert f"after record {committed:,}," in message
    assert 0 < committed < 40
    assert _split_stored(records) == committed


def test_a_file_that_is_not_json_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "cards.csv"
    path.write_text("id,name\n1,Forest\n")
    with recorded_aws_calls() as calls:
        message = _import_fails(path)
    assert "not a JSON array or JSON Lines" in message and "byte 0" in message
    assert not WRITES & set(dynamo(calls))


# --- dry run --------------------------------------------------------------------------


def test_a_dry_run_reads_and_compares_but_writes_nothing(tmp_path):
    records = fresh_copies(5)
    skipped = copy.deepcopy(DIGITAL[0])
    skipped["id"] = str(uuid.uuid4())
    path = write_bulk(tmp_path / "cards.jsonl", [*records, skipped])
    with recorded_aws_calls() as calls:
        report, output = run_import(path, "--dry-run")
    assert (report["records"], report["new"], report["skipped"], report["sets"]) == (6, 5, {"digital_only": 1}, 1)
    assert "sets would be written 1" in output and "Dry run: nothing was written." in output
    assert set(dynamo(calls)) == {"BatchGetItem", "Query"}  # the stored hashes, the stored sets
    for record in records:
        assert stored_both(record) == (None, None)
    # The real import afterwards finds them all new.
    assert run_import(path)[0]["new"] == 5
