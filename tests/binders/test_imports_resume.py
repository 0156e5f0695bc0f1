"""A CSV import stopped midway (an AWS fault injected at botocore on the Nth TransactWriteItems) is
continued by a retry under the same Idempotency-Key, or by POST /api/imports/{id}/resume, after its
last committed batch: card_count is exact after every batch, and no row is ever added twice.

Batches are ENTRIES_PER_BATCH (95) entries in production; here 4 (``small_batches``), so a file of
a few rows spans three transactions: moto deep-copies the whole table for every action of a
TransactWriteItems, which makes a 97-action transaction take seconds on the suite's table.
"""

from contextlib import contextmanager

import pytest
from botocore.exceptions import EndpointConnectionError

from binders.csvio.domain import imports
from binders.csvio.domain.values import LANGUAGE_NAMES
from tests.binders.csv_helpers import csv_bytes, entries, post_csv
from tests.binders.helpers import create_binder, error, ok
from tradeapi import aws

MOXFIELD = ["Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Collector Number"]
CONDITIONS = {
    "Near Mint": "NM",
    "Lightly Played": "LP",
    "Moderately Played": "MP",
    "Heavily Played": "HP",
    "Damaged": "DMG",
}


BATCH = 4
LANGUAGES = ("en", "ja", "fr")


def big_file() -> tuple[bytes, dict]:
    """Breeding Pool (RNA 246) in two finishes, two conditions and three languages: 12 entries (three
    batches of 4), the first two named twice (merged); and what the binder holds after it."""
    rows, held = [], {}
    for finish in ("", "foil"):
        for word, grade in list(CONDITIONS.items())[:2]:
            for code in LANGUAGES:
                copies = 1 + len(rows) % 3
                rows.append([str(copies), "0", "Breeding Pool", "rna", word, LANGUAGE_NAMES[code], finish, "246"])
                held[("RNA", "246", finish or "nonfoil", grade, code)] = copies
    for row in rows[:2]:
        rows.append(["2", *row[1:]])
        language = next(code for code, name in LANGUAGE_NAMES.items() if name == row[5])
        held[("RNA", "246", row[6] or "nonfoil", CONDITIONS[row[4]], language)] += 2
    assert len(held) == 12
    return csv_bytes(MOXFIELD, rows), held


@contextmanager
def transaction_lost(number: int):
    """The ``number``-th TransactWriteItems inside the block never reaches the emulator."""
    seen = {"n": 0}

    def fail(**_):
        seen["n"] += 1
        if seen["n"] == number:
            raise EndpointConnectionError(endpoint_url=aws.dynamodb().meta.endpoint_url)

    events = aws.dynamodb().meta.events
    events.register("before-call.dynamodb.TransactWriteItems", fail, unique_id="csv-import-lost")
    try:
        yield seen
    finally:
        events.unregister("before-call.dynamodb.TransactWriteItems", unique_id="csv-import-lost")


def first_batch(held: dict) -> int:
    return sum(list(held.values())[:BATCH])


@pytest.fixture
def sample(monkeypatch):
    monkeypatch.setattr(imports, "ENTRIES_PER_BATCH", BATCH)
    return big_file()


def test_a_retry_with_the_same_idempotency_key_continues_after_the_last_batch(alice, sample):
    data, held = sample
    binder = create_binder(alice, "Retried")["id"]
    with transaction_lost(2):
        stopped = error(post_csv(alice, binder, data, HTTP_IDEMPOTENCY_KEY="import-1"), 503, "import_interrupted")
    assert stopped["details"]["batches_done"] == 1
    record = ok(alice.client.get(stopped["details"]["url"]))
    assert (record["status"], record["batches_done"], record["batches_total"]) == ("importing", 1, 3)
    assert record["resume"] == stopped["details"]["resume"]
    partial = entries(alice, binder)  # card_count is exact after the committed batch
    assert sum(partial.values()) == first_batch(held) and len(partial) == BATCH

    retried = post_csv(alice, binder, data, HTTP_IDEMPOTENCY_KEY="import-1")
    body = ok(retried, 200)  # the same import, resumed: not a new one
    assert body["id"] == record["id"] and body["status"] == "completed" and body["batches_done"] == 3
    assert (body["matched"], body["created"], body["merged"], body["copies"]) == (14, 12, 2, sum(held.values()))
    assert entries(alice, binder) == held

    replayed = post_csv(alice, binder, data, HTTP_IDEMPOTENCY_KEY="import-1")
    assert replayed.status_code == 200 and replayed["Idempotent-Replayed"] == "true"
    error(post_csv(alice, binder, data[:-40], HTTP_IDEMPOTENCY_KEY="import-1"), 422, "idempotency_key_reused")
    assert entries(alice, binder) == held


def test_resume_continues_a_stopped_import_once(alice, sample):
    data, held = sample
    binder = create_binder(alice, "Resumed")["id"]
    with transaction_lost(2):
        stopped = error(post_csv(alice, binder, data), 503, "import_interrupted")
    assert sum(entries(alice, binder).values()) == first_batch(held)
    with transaction_lost(1):  # the resume itself fails first: still nothing written twice
        error(alice.client.post(stopped["details"]["resume"]), 503, "import_interrupted")
    assert sum(entries(alice, binder).values()) == first_batch(held)
    body = ok(alice.client.post(stopped["details"]["resume"]))
    assert body["status"] == "completed" and body["resume"] is None
    assert entries(alice, binder) == held
    again = ok(alice.client.post(stopped["details"]["resume"]))  # a completed import answers as it is
    assert again == body and entries(alice, binder) == held


def test_an_entry_added_while_the_import_was_stopped_is_merged_into_not_overwritten(alice, sample):
    data, held = sample
    binder = create_binder(alice, "Raced")["id"]
    with transaction_lost(2):
        stopped = error(post_csv(alice, binder, data), 503, "import_interrupted")
    # An entry the plan saw as new (in the second batch) appears before the import goes on.
    later = list(held)[BATCH]
    ok(
        alice.client.post(
            f"/api/binders/{binder}/cards/",
            {"set_code": "RNA", "collector_number": "246", "finish": later[2], "condition": later[3],
             "language": later[4], "quantity": 5},
            format="json",
        ),
        201,
    )  # fmt: skip
    body = ok(alice.client.post(stopped["details"]["resume"]))
    assert body["status"] == "completed"
    assert entries(alice, binder) == {**held, later: held[later] + 5}
