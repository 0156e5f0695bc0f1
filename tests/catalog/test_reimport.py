"""Re-importing: an unchanged file writes nothing, a price refresh writes only prices, a content change
rewrites the printing whole (moving it within its set when its number changed), and an import stopped
between a printing's two items is completed by the next run."""

import copy
from contextlib import contextmanager

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.management.base import CommandError

from tests.catalog.helpers import (
    PRICES_DATE,
    WRITES,
    by_id_item,
    dynamo,
    fresh_copies,
    in_set_item,
    run_import,
    stored_both,
    write_bulk,
)
from tests.helpers import recorded_aws_calls
from tradeapi import aws

INDEX_KEYS = {"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"}


@pytest.fixture
def imported(tmp_path):
    """Five fresh printings imported once: (their records, the file)."""
    records = fresh_copies(5)
    for record in records:  # every price known, so a changed one is visible
        record["prices"]["usd"] = record["prices"]["usd"] or "1.00"
    path = write_bulk(tmp_path / "cards.jsonl", records)
    report, _ = run_import(path)
    assert report["new"] == 5
    return records, path


def _without(item: dict, *names) -> dict:
    return {k: v for k, v in item.items() if k not in names}


def test_importing_the_same_file_again_writes_nothing(imported):
    records, path = imported
    before = [stored_both(r) for r in records]
    with recorded_aws_calls() as calls:
        report, _ = run_import(path)
    assert (report["records"], report["unchanged"], report["new"], report["updated"], report["sets"]) == (5, 5, 0, 0, 0)
    assert dynamo(calls) == {"BatchGetItem": 1, "Query": 1}  # the stored hashes of 5; the stored sets
    assert [stored_both(r) for r in records] == before


def test_a_price_change_updates_only_the_prices_of_both_items(imported, tmp_path):
    records, path = imported
    changed = copy.deepcopy(records)
    changed[2]["prices"]["usd"] = "987.65"
    before_by_id, before_in_set = stored_both(records[2])
    write_bulk(path, changed)
    with recorded_aws_calls() as calls:
        report, output = run_import(path)
    assert (report["prices_only"], report["updated"], report["unchanged"], report["new"]) == (1, 1, 4, 0)
    assert "(1 prices only)" in output
    # one UpdateItem per item, and one for the catalog's prices stamp (cached collection values expire)
    assert dynamo(calls) == {"BatchGetItem": 1, "UpdateItem": 3, "Query": 1}
    by_id, in_set = stored_both(records[2])
    assert by_id["prices"]["usd"] == in_set["prices"]["usd"] == "987.65"
    assert by_id["prices_hash"] == in_set["prices_hash"] != before_by_id["prices_hash"]
    for after, before in ((by_id, before_by_id), (in_set, before_in_set)):
        assert _without(after, "prices", "prices_hash") == _without(before, "prices", "prices_hash")
        assert _without(after["prices"], "usd") == _without(before["prices"], "usd")
    # The same prices on a later day move only the date on (so they are not stale).
    report, _ = run_import(path, prices_date="2026-11-02")
    assert (report["prices_only"], report["unchanged"]) == (5, 0)
    assert by_id_item(records[0]["id"])["prices_date"] == "2026-11-02"


def test_a_content_change_rewrites_the_printing_whole(imported):
    records, path = imported
    changed = copy.deepcopy(records)
    changed[1]["type_line"] = "Legendary Creature — Test Subject"
    changed[1]["rarity"] = "mythic"
    write_bulk(path, changed)
    with recorded_aws_calls() as calls:
        report, _ = run_import(path)
    assert (report["updated"], report["prices_only"], report["unchanged"]) == (1, 0, 4)
    assert dynamo(calls) == {"BatchGetItem": 1, "BatchWriteItem": 2, "Query": 1}  # set item, then id item
    by_id, in_set = stored_both(records[1])
    assert by_id["type_line"] == in_set["type_line"] == "Legendary Creature — Test Subject"
    assert by_id["rarity"] == in_set["rarity"] == "mythic"
    assert by_id["content_hash"] == in_set["content_hash"]
    assert run_import(path)[0]["unchanged"] == 5


def test_a_new_collector_number_moves_the_set_item(imported):
    records, path = imported
    record = records[3]
    old_number = record["collector_number"]
    changed = copy.deepcopy(records)
    changed[3]["collector_number"] = "41b"
    write_bulk(path, changed)
    report, _ = run_import(path)
    assert (report["updated"], report["unchanged"]) == (1, 4)
    assert in_set_item(record["set"], old_number) is None  # the old place is gone
    moved = in_set_item(record["set"], "41B")  # numbers are matched without regard to case
    by_id = by_id_item(record["id"])
    assert moved["scryfall_id"] == record["id"] and moved["collector_number"] == by_id["collector_number"] == "41b"
    assert by_id["GSI1SK"].endswith("#000041b#en")  # the oracle card's printings list it at its new place
    for other in changed[:3] + changed[4:]:
        assert in_set_item(other["set"], other["collector_number"])["scryfall_id"] == other["id"]


@contextmanager
def connection_lost_on_call(operation: str, number: int):
    """The ``number``-th call of a DynamoDB ``operation`` inside the block never reaches the emulator (as if
    the network dropped), injected at botocore's before-call hook; the other calls go through."""
    seen = {"n": 0}

    def fail(**_):
        seen["n"] += 1
        if seen["n"] == number:
            raise EndpointConnectionError(endpoint_url=aws.dynamodb().meta.endpoint_url)

    events = aws.dynamodb().meta.events
    events.register(f"before-call.dynamodb.{operation}", fail, unique_id="catalog-connection-lost")
    try:
        yield seen
    finally:
        events.unregister(f"before-call.dynamodb.{operation}", unique_id="catalog-connection-lost")


def test_an_import_stopped_between_the_two_items_is_completed_by_the_next_run(tmp_path):
    records = fresh_copies(4)
    path = write_bulk(tmp_path / "cards.jsonl", records)
    # The first BatchWriteItem (the set items) lands; the second (the id items) never does.
    with connection_lost_on_call("BatchWriteItem", 2) as seen, pytest.raises(CommandError) as failure:
        run_import(path)
    assert seen["n"] == 2
    message = str(failure.value)
    assert "run the command again" in message and "Records up to 0 are imported" in message
    for record in records:
        by_id, in_set = stored_both(record)
        assert by_id is None and in_set["scryfall_id"] == record["id"]  # half written, as a crash leaves it

    report, _ = run_import(path)
    assert (report["new"], report["updated"], report["unchanged"], report["sets"]) == (4, 0, 0, 1)
    for record in records:
        by_id, in_set = stored_both(record)
        assert _without(by_id, "PK", "SK", *INDEX_KEYS) == _without(in_set, "PK", "SK")
        assert by_id["content_hash"] == in_set["content_hash"]
    assert run_import(path)[0]["unchanged"] == 4


def test_a_price_refresh_stopped_half_way_is_completed_by_the_next_run(imported):
    records, path = imported
    changed = copy.deepcopy(records)
    for record in changed:
        record["prices"]["eur"] = "55.55"
    write_bulk(path, changed)
    # Of the ten UpdateItems (set item, id item, for five printings), the fourth is lost.
    with connection_lost_on_call("UpdateItem", 4), pytest.raises(CommandError, match="run the command again"):
        run_import(path)
    stale = [r for r in records if by_id_item(r["id"])["prices"]["eur"] != "55.55"]
    assert stale  # some id item kept its old prices ...
    report, _ = run_import(path)
    # ... and only those are redone.
    assert report["prices_only"] == len(stale) and report["unchanged"] == 5 - len(stale)
    for record in records:
        by_id, in_set = stored_both(record)
        assert by_id["prices"]["eur"] == in_set["prices"]["eur"] == "55.55"
        assert by_id["prices_hash"] == in_set["prices_hash"]


def test_writes_are_only_for_what_changed(imported):
    """A file of nothing but known printings costs reads only, however it is ordered."""
    records, path = imported
    write_bulk(path, list(reversed(records)), "array")
    with recorded_aws_calls() as calls:
        report, _ = run_import(path, prices_date=PRICES_DATE)
    assert report["unchanged"] == 5
    assert not WRITES & set(dynamo(calls))


def test_two_printings_that_swap_numbers_both_move(imported):
    records, path = imported
    changed = copy.deepcopy(records)
    changed[0]["collector_number"], changed[1]["collector_number"] = "2", "1"
    write_bulk(path, changed)
    report, _ = run_import(path)
    assert (report["updated"], report["unchanged"]) == (2, 3)
    assert in_set_item(records[0]["set"], "1")["scryfall_id"] == records[1]["id"]
    assert in_set_item(records[0]["set"], "2")["scryfall_id"] == records[0]["id"]
    assert by_id_item(records[0]["id"])["collector_number"] == "2"


def test_a_move_in_a_later_batch_does_not_delete_the_printing_that_took_its_place(imported):
    records, path = imported
    a, b = copy.deepcopy(records[0]), copy.deepcopy(records[1])
    a["collector_number"], b["collector_number"] = "2", "1"
    # A twice forces a batch of its own (one BatchWriteItem may not name a key twice): A moves onto
    # B's old place first; B moves off it in the next batch.
    write_bulk(path, [a, a, b])
    with recorded_aws_calls() as calls:
        report, _ = run_import(path)
    assert (report["updated"], report["unchanged"]) == (2, 1)
    assert dynamo(calls)["DeleteItem"] == 2  # one per move, conditional on the printing still being there
    assert in_set_item(a["set"], "2")["scryfall_id"] == a["id"]
    assert in_set_item(a["set"], "1")["scryfall_id"] == b["id"]
