"""CSV import (issue 15): every format's sample file is detected and read through the one set of
value tables; every reason a row fails is reported by line; a dry run writes nothing; catalog reads
are batched; a browser can upload a file."""

import pytest

from binders.csvio.domain import csvtext, imports
from binders.csvio.domain.formats import AmbiguousFormat, MissingColumns, UnknownFormat, detect
from binders.csvio.domain.values import condition_of, finish_of, language_of, quantity_of
from binders.domain.cards import Condition, Finish
from tests.binders.csv_helpers import FORMATS, csv_bytes, entries, fixture, imported, post_csv, streamed
from tests.binders.helpers import add_card, create_binder, error, ok
from tests.catalog.helpers import RECORDS
from tests.helpers import recorded_aws_calls

WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}

# Per sample file: rows, matched, created, merged, copies, and the reason of each failed line.
EXPECTED = {
    "deckbox": (12, 7, 6, 1, 8, {9: "unknown_printing", 10: "ambiguous", 11: "bad_quantity",
                                 12: "unknown_condition", 13: "finish_not_available"}),
    "moxfield": (9, 5, 5, 0, 8, {7: "unknown_printing", 8: "unknown_language", 9: "bad_quantity",
                                 10: "finish_not_available"}),
    "manabox": (9, 6, 6, 0, 7, {8: "unknown_printing", 9: "unknown_finish", 10: "bad_quantity"}),
    "tcgplayer": (6, 4, 4, 0, 5, {5: "finish_not_available", 6: "unknown_printing"}),
    "cardsphere": (6, 4, 4, 0, 5, {5: "ambiguous", 6: "unknown_printing"}),
    "archidekt": (6, 4, 4, 0, 7, {6: "unknown_printing", 7: "bad_quantity"}),
}  # fmt: skip

# What each sample file's matched rows hold, in our terms: (set, number, finish, condition, language) → copies.
HELD = {
    "deckbox": {
        ("RNA", "246", "nonfoil", "NM", "en"): 3,
        ("PLS", "107", "foil", "LP", "en"): 1,
        ("PMBS", "8★", "foil", "NM", "en"): 1,
        ("MM2", "165", "nonfoil", "MP", "en"): 1,
        ("CHK", "273", "nonfoil", "HP", "en"): 1,  # matched by set name + card name; poor → HP
        ("REN", "158", "nonfoil", "NM", "fr"): 1,
    },
    "moxfield": {
        ("MH2", "121", "foil", "NM", "en"): 3,
        ("PLS", "107", "nonfoil", "LP", "en"): 1,
        ("IKO", "387", "nonfoil", "NM", "ja"): 1,
        ("ISD", "51", "nonfoil", "MP", "en"): 2,
        ("CLB", "483", "etched", "NM", "en"): 1,
    },
    "manabox": {
        ("RNA", "246", "foil", "LP", "en"): 2,  # by Scryfall id; excellent → LP
        ("CLB", "483", "etched", "NM", "en"): 1,  # mint → NM
        ("MM2", "165", "nonfoil", "MP", "en"): 1,  # by set + number; good → MP
        ("PLS", "107", "nonfoil", "LP", "en"): 1,  # light_played → LP
        ("PLC", "112", "nonfoil", "HP", "en"): 1,  # poor → HP
        ("IKO", "387", "nonfoil", "NM", "ja"): 1,
    },
    "tcgplayer": {
        ("PLC", "112", "nonfoil", "NM", "en"): 1,
        ("MM2", "165", "foil", "LP", "en"): 2,  # "Lightly Played Foil": the finish rides on the condition
        ("PLS", "107", "nonfoil", "DMG", "en"): 1,
        ("RNA", "246", "foil", "HP", "en"): 1,
    },
    "cardsphere": {
        ("MM2", "165", "nonfoil", "NM", "en"): 1,
        ("CHK", "273", "nonfoil", "LP", "en"): 2,
        ("PLS", "107", "foil", "NM", "en"): 1,
        ("ISD", "51", "nonfoil", "MP", "en"): 1,  # the front face's name, in the set named Innistrad
    },
    "archidekt": {
        ("REN", "158", "nonfoil", "NM", "fr"): 1,
        ("PLS", "107", "foil", "LP", "en"): 1,
        ("CLB", "483", "etched", "NM", "en"): 1,
        ("ISD", "51", "nonfoil", "HP", "en"): 4,
    },
}


@pytest.mark.parametrize("name", FORMATS)
def test_each_sample_file_is_detected_and_needs_no_format(name):
    data = fixture(name)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b'"Ertai, the Corrupted"' in data
    table = csvtext.read_table(csvtext.decode(data))
    assert detect(table.header).name == name
    assert detect(table.header, name).name == name


def test_a_shared_header_alone_is_not_enough_to_tell_a_format():
    shared = ["Count", "Tradelist Count", "Name", "Edition"]
    with pytest.raises(UnknownFormat):
        detect(shared)
    assert detect(shared, "cardsphere").name == "cardsphere"  # forced: its quantity and name are there
    with pytest.raises(MissingColumns):
        detect(["Name", "Edition"], "moxfield")
    both = ["Count", "Tradelist Count", "Name", "Edition", "Card Number", "Collector Number"]
    with pytest.raises(AmbiguousFormat):  # Deckbox's and Moxfield's signatures, neither more alike
        detect(both)
    assert detect([*both, "Edition Code"]).name == "deckbox"


def test_the_value_tables():
    # The rules, and each format's own words.
    assert [condition_of(w) for w in ("mint", "near_mint", "Near Mint", "NM", "")] == [Condition.NM] * 5
    assert [
        condition_of(w) for w in ("excellent", "light_played", "Lightly Played", "Good (Lightly Played)", "SP")
    ] == [Condition.LP] * 5
    assert [condition_of(w) for w in ("good", "played", "Played", "Moderately Played", "MP")] == [Condition.MP] * 5
    assert [condition_of(w) for w in ("poor", "Heavily Played", "HP")] == [Condition.HP] * 3
    assert [condition_of(w) for w in ("damaged", "Damaged", "DMG", "D")] == [Condition.DMG] * 4
    assert condition_of("Pristine") is None
    assert [finish_of(w) for w in ("", "normal", "Normal", "N", "false")] == [Finish.NONFOIL] * 5
    assert [finish_of(w) for w in ("foil", "Foil", "Y", "yes", "true")] == [Finish.FOIL] * 5
    assert [finish_of(w) for w in ("etched", "Etched", "Foil Etched")] == [Finish.ETCHED] * 3
    assert finish_of("shiny") is None
    assert [language_of(w) for w in ("English", "en", "EN", "")] == ["en"] * 4
    assert [language_of(w) for w in ("Japanese", "ja", "JP")] == ["ja"] * 3
    assert [language_of(w) for w in ("Chinese Simplified", "zhs", "zh-CN")] == ["zhs"] * 3
    assert [language_of(w) for w in ("Chinese Traditional", "zht", "zh_TW")] == ["zht"] * 3
    assert language_of("Portuguese (Brazil)") == "pt" and language_of("Klingon") is None
    assert [quantity_of(w) for w in ("1", " 12 ", "999", "0", "1000", "-1", "2.0", "x", "")] == [
        1, 12, 999, None, None, None, None, None, None
    ]  # fmt: skip


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_imports_its_sample_and_reports_every_failed_row(alice, name):
    binder = create_binder(alice, f"From {name}")
    rows, matched, created, merged, copies, reasons = EXPECTED[name]
    body = imported(alice, binder["id"], fixture(name))
    assert body["format"] == name and body["status"] == "completed" and body["dry_run"] is False
    counts = (body["rows"], body["matched"], body["created"], body["merged"], body["copies"], body["failed"])
    assert counts == (rows, matched, created, merged, copies, len(reasons))
    assert {e["line"]: e["reason"] for e in body["errors"]} == reasons
    assert all(e["message"] for e in body["errors"])
    assert entries(alice, binder["id"]) == HELD[name]
    record = ok(alice.client.get(body["url"]))
    assert record == body


def test_a_dry_run_answers_the_same_and_writes_nothing(alice):
    binder = create_binder(alice, "Dry")
    with recorded_aws_calls() as calls:
        dry = ok(post_csv(alice, binder["id"], fixture("deckbox"), query="?dry_run=true"), 200)
    assert not {op for (_, op) in calls} & WRITES
    assert dry["id"] is None and dry["url"] is None and dry["dry_run"] is True and dry["status"] == "planned"
    assert (dry["matched"], dry["created"], dry["merged"], dry["failed"]) == (7, 6, 1, 5)
    assert entries(alice, binder["id"]) == {}
    real = imported(alice, binder["id"], fixture("deckbox"))
    assert [real[k] for k in ("matched", "created", "merged", "errors")] == [
        dry[k] for k in ("matched", "created", "merged", "errors")
    ]


def test_rows_merge_with_entries_already_held_and_never_pass_999(alice):
    binder = create_binder(alice, "Full")
    add_card(alice, binder["id"], {"set_code": "MH2", "collector_number": "121", "finish": "foil"}, quantity=998)
    header = ["Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Collector Number"]
    data = csv_bytes(
        header,
        [
            ["1", "0", "Dragon's Rage Channeler", "mh2", "Near Mint", "English", "foil", "121"],
            ["1", "0", "Dragon's Rage Channeler", "mh2", "NM", "en", "foil", "121"],
            ["2", "0", "Tarmogoyf", "mm2", "", "", "", "165"],
        ],
    )
    body = imported(alice, binder["id"], data, query="?format=moxfield")
    assert (body["matched"], body["created"], body["merged"], body["copies"]) == (2, 1, 1, 3)
    assert [(e["line"], e["reason"]) for e in body["errors"]] == [(3, "quantity_limit")]
    assert entries(alice, binder["id"]) == {
        ("MH2", "121", "foil", "NM", "en"): 999,
        ("MM2", "165", "nonfoil", "NM", "en"): 2,
    }


def _by_id_file(records: list[dict]) -> bytes:
    """A ManaBox file naming each record by Scryfall id, in its first finish."""
    header = ["Name", "Set code", "Collector number", "Foil", "Quantity", "ManaBox ID", "Scryfall ID", "Language"]
    finish = {"nonfoil": "normal", "foil": "foil", "etched": "etched"}
    rows = [
        [r["name"], r["set"], r["collector_number"], finish[r["finishes"][0]], "1", "1", r["id"], r["lang"]]
        for r in records
    ]
    return csv_bytes(header, rows)


def dynamodb_calls(calls) -> dict:
    return {op: n for (service, op), n in calls.items() if service == "dynamodb"}


def test_catalog_reads_are_batched_100_keys_a_call(alice, monkeypatch):
    records = [r for r in RECORDS if not r["digital"] and "paper" in r["games"]][:150]
    binder = create_binder(alice, "Batched")
    with recorded_aws_calls() as calls:
        dry = ok(post_csv(alice, binder["id"], _by_id_file(records), query="?dry_run=true"), 200)
    assert dry["matched"] == 150
    # The binder; the printings by id (150 keys: 2 calls); the entries they would merge into (2 calls).
    assert dynamodb_calls(calls) == {"GetItem": 1, "BatchGetItem": 4}
    # Written: batches of 5 here (moto copies its whole table per transaction action; 95 in production).
    monkeypatch.setattr(imports, "ENTRIES_PER_BATCH", 5)
    with recorded_aws_calls() as calls:
        body = imported(alice, binder["id"], _by_id_file(records[:12]))
    # + the plan's three batches and the record (PutItem), three transactions, the record read back (1 Query).
    assert dynamodb_calls(calls) == {"GetItem": 1, "BatchGetItem": 2, "PutItem": 4, "TransactWriteItems": 3, "Query": 1}
    assert (body["batches_total"], body["batches_done"], body["created"]) == (3, 3, 12)


def test_a_browser_gets_an_upload_form_and_can_upload_a_file(alice, browser_client):
    binder = create_binder(alice, "Uploads")
    browser = browser_client(alice.username)
    page = browser.get(f"/api/binders/{binder['id']}/imports/", HTTP_ACCEPT="text/html")
    html = page.content.decode()
    assert page.status_code == 200 and 'type="file"' in html and "multipart/form-data" in html
    upload = fixture("tcgplayer")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = browser.post(
        f"/api/binders/{binder['id']}/imports/",
        {"file": SimpleUploadedFile("tcgplayer.csv", upload, "text/csv"), "dry_run": "false"},
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )
    body = ok(response, 201)
    assert body["format"] == "tcgplayer" and body["matched"] == 4
    # The same through the API's multipart (a form field names the format; the query may too).
    other = create_binder(alice, "Uploads 2")
    response = alice.client.post(
        f"/api/binders/{other['id']}/imports/",
        {"file": SimpleUploadedFile("x.csv", upload, "text/csv"), "format": "tcgplayer", "dry_run": "true"},
        format="multipart",
    )
    assert ok(response, 200)["dry_run"] is True


def test_failed_rows_download_as_csv_that_imports_again(alice):
    binder = create_binder(alice, "Fix me")
    body = imported(alice, binder["id"], fixture("moxfield"))
    text = streamed(alice.client.get(body["failed_rows"]))
    lines = text.splitlines()
    assert lines[0].endswith(",Import Error") and lines[0].startswith("Count,Tradelist Count,Name,Edition")
    assert len(lines) == 1 + body["failed"] and "line 8: unknown_language" in lines[2]
    again = imported(alice, binder["id"], text.encode())
    assert again["format"] == "moxfield" and again["failed"] == body["failed"] and again["matched"] == 0


def test_an_import_is_its_owners_only(alice, bob):
    binder = create_binder(alice, "Mine")
    body = imported(alice, binder["id"], fixture("cardsphere"))
    for url in (body["url"], body["failed_rows"]):
        error(bob.client.get(url), 404, "import_not_found")
    error(bob.client.post(body["resume"] or body["url"] + "resume"), 404, "import_not_found")
    error(post_csv(bob, binder["id"], fixture("cardsphere")), 404, "binder_not_found")
    error(alice.client.get("/api/imports/not-an-id/"), 404, "import_not_found")
