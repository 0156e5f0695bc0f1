"""A 5,000-row CSV import: the transactions it uses, its catalog reads, and its rows/s against a bare
loop writing the same items on the same emulator.

In one process and one run, on its own embedded emulator:

1. Builds a Moxfield file of N rows (default 5,000), every row a distinct card entry: the sample
   catalog's paper printings (catalog/sample) by set code + collector number, in each finish the
   printing is made in, each of the five conditions and two languages (English, German: the catalog
   holds the English printing, the copy keeps its language), until N.
2. Ours: ``binders.csvio.services.import_csv`` into an empty binder of a fresh table holding the sample
   catalog: reading, detecting, matching (BatchGetItem of the set-partition keys, 100 a call), what the
   binder holds (BatchGetItem), the plan and the record (PutItem), then one TransactWriteItems per 95
   entries with the binder's card_count and the record's progress. Counts every DynamoDB call, and the
   keys of every BatchGetItem.
3. Baseline: a bare boto3 loop writing the SAME card items (read back from ours, in wire format, before
   the clock starts) into an empty binder of another fresh table holding the same catalog, in
   TransactWriteItems of 95 Puts + the binder's card_count update: the same number of transactions of
   the same size, nothing read, nothing planned.
4. Repeats both (default 2 rounds), alternating which goes first; prints rows/s and the ratio.

moto deep-copies the whole table for every action of a TransactWriteItems, so on the emulator the
time is almost all moto's and grows with the table: the ratio is the portable number.

    .venv/bin/python bench/csv_import.py [--rows 5000] [--rounds 2]
"""

import argparse
import math
import statistics
import time
import uuid
from collections import Counter

import harness  # noqa: F401 (sets Django up)
from django.conf import settings

from accounts.services import profile_create
from binders.csvio import services
from binders.csvio.domain.imports import ENTRIES_PER_BATCH
from binders.csvio.domain.values import LANGUAGE_NAMES
from binders.services.binders import binder_create
from catalog.demo import SAMPLE, load_sample
from catalog.domain import CatalogPrinting, from_scryfall
from tradeapi import aws
from tradeapi.db import keys, schema
from tradeapi.local import stack

HEADER = ["Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Collector Number"]
CONDITIONS = ("Near Mint", "Lightly Played", "Moderately Played", "Heavily Played", "Damaged")


def build_file(rows: int) -> bytes:
    import csv
    import io
    import json

    printings = [p for p in map(from_scryfall, json.loads(SAMPLE.read_text())) if isinstance(p, CatalogPrinting)]
    printings = [p for p in printings if p.lang == "en"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    written = 0
    for language in ("en", "de"):
        for condition in CONDITIONS:
            for printing in printings:
                for finish in printing.finishes:
                    if written == rows:
                        return out.getvalue().encode()
                    foil = "" if finish == "nonfoil" else finish
                    writer.writerow(
                        ["1", "0", printing.name, printing.set_code.lower(), condition, LANGUAGE_NAMES[language],
                         foil, printing.collector_number]
                    )  # fmt: skip
                    written += 1
    raise SystemExit(f"the sample catalog makes only {written} distinct rows, not {rows}")


def fresh_table() -> tuple[str, str, str]:
    """A fresh table with the sample catalog, a trader and an empty binder: (table, sub, binder_id)."""
    settings.TABLE_NAME = f"bench-csv-{uuid.uuid4().hex[:8]}"
    aws.dynamodb().create_table(**schema.main_table(settings.TABLE_NAME, settings.KMS_KEY_ID))
    load_sample()
    sub = str(uuid.uuid4())
    profile_create(sub=sub, username=f"bench{sub[:8]}", email=f"{sub[:8]}@example.com")
    return settings.TABLE_NAME, sub, binder_create(owner_sub=sub, name="Imported").binder_id


def drop(table: str) -> None:
    aws.dynamodb().delete_table(TableName=table)


class Calls:
    """Every DynamoDB call made while listening, and the keys of each BatchGetItem."""

    def __init__(self):
        self.calls, self.batch_keys = Counter(), []

    def __enter__(self):
        events = aws.dynamodb().meta.events
        events.register("before-parameter-build.dynamodb", self._seen, unique_id="bench-csv-calls")
        return self

    def __exit__(self, *exc):
        aws.dynamodb().meta.events.unregister("before-parameter-build.dynamodb", unique_id="bench-csv-calls")

    def _seen(self, model, params, **_):
        self.calls[model.name] += 1
        if model.name == "BatchGetItem":
            self.batch_keys.append(sum(len(r["Keys"]) for r in params["RequestItems"].values()))


def ours(data: bytes) -> tuple[float, Calls, list[dict], int]:
    """The import: (seconds, its calls, the card items it wrote in wire format, rows imported)."""
    table, sub, binder_id = fresh_table()
    try:
        with Calls() as calls:
            start = time.perf_counter()
            record, _ = services.import_csv(owner_sub=sub, binder_id=binder_id, data=data)
            seconds = time.perf_counter() - start
        assert record.status == "completed" and record.failed == 0, (record.status, record.errors[:3])
        items = []
        query = {
            "TableName": table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": {
                ":pk": {"S": keys.user_pk(sub)},
                ":prefix": {"S": keys.binder_cards_prefix(binder_id)},
            },
        }
        for page in aws.dynamodb().get_paginator("query").paginate(**query):
            items += page["Items"]
        return seconds, calls, items, record.matched
    finally:
        drop(table)


def baseline(items: list[dict]) -> float:
    """The same card items, put by a bare loop of TransactWriteItems (95 Puts + the binder's card_count)."""
    table, sub, binder_id = fresh_table()
    try:
        items = [
            {**item, "PK": {"S": keys.user_pk(sub)}, "owner_sub": {"S": sub}, "GSI2PK": {"S": keys.card_search_pk(sub)}}
            for item in items
        ]
        binder_key = {k: {"S": v} for k, v in keys.binder_key(sub, binder_id).items()}
        client = aws.dynamodb()
        start = time.perf_counter()
        for first in range(0, len(items), ENTRIES_PER_BATCH):
            chunk = items[first : first + ENTRIES_PER_BATCH]
            actions = [{"Put": {"TableName": table, "Item": item}} for item in chunk]
            actions.append(
                {
                    "Update": {
                        "TableName": table,
                        "Key": binder_key,
                        "UpdateExpression": "ADD card_count :n",
                        "ExpressionAttributeValues": {":n": {"N": str(len(chunk))}},
                    }
                }
            )
            client.transact_write_items(TransactItems=actions)
        return time.perf_counter() - start
    finally:
        drop(table)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    settings.AWS_READ_TIMEOUT = max(settings.AWS_READ_TIMEOUT, 120)  # moto pages 5,000 entries slowly
    emulator, _ = stack.start()
    try:
        data = build_file(options.rows)
        budget = math.ceil(options.rows / 95) + 2
        print(f"{options.rows:,} rows ({len(data) / 1024:,.0f} KB Moxfield CSV), {options.rounds} rounds\n")
        print("| Round | Ours rows/s | Baseline rows/s | Ratio | Ours: TransactWriteItems | BatchGetItem |")
        print("|---|---|---|---|---|---|")
        rates = {"ours": [], "baseline": []}
        items = None
        for round_ in range(options.rounds):
            result, shown = {}, ""
            order = ["ours", "baseline"] if round_ % 2 == 0 or items is None else ["baseline", "ours"]
            for label in order:
                if label == "ours":
                    seconds, calls, items, rows = ours(data)
                    result["ours"] = rows / seconds
                    shown = (
                        f"{calls.calls['TransactWriteItems']} (budget {budget}) | "
                        f"{calls.calls['BatchGetItem']} ({sum(calls.batch_keys):,} keys, at most "
                        f"{max(calls.batch_keys)} a call) |"
                    )
                    other = {k: v for k, v in calls.calls.items() if k not in ("TransactWriteItems", "BatchGetItem")}
                else:
                    result["baseline"] = len(items) / baseline(items)
            for label in result:
                rates[label].append(result[label])
            print(
                f"| {round_ + 1} ({order[0]} first) | {result['ours']:,.0f} | {result['baseline']:,.0f} | "
                f"{result['ours'] / result['baseline']:.2f}x | {shown}"
            )
        ours_rate, base_rate = statistics.median(rates["ours"]), statistics.median(rates["baseline"])
        print(f"| **median** | **{ours_rate:,.0f}** | **{base_rate:,.0f}** | **{ours_rate / base_rate:.2f}x** | | |")
        print(f"\nOur other DynamoDB calls (last round): {dict(sorted(other.items()))}")
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
