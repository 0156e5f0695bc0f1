"""An import's items in the single table, and the batch transactions that write its cards.

Items (keys.py): the record (IMPORT#<id> / IMPORT), its failed rows in chunks (IMPORT#FAILED#<n>),
its planned batches of card writes (PLAN#<n>). ``import_create`` writes the plan and the failed
rows (PutItem each) before the record (a conditional PutItem), so a record never names a plan
that is not there. Each batch is one TransactWriteItems: its entries' merges, the binder's
card_count, and the record's progress conditioned on the batches done so far, so a batch is
written once whoever runs it (a retry, a resume, two at once), and card_count is exact after each.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor

from binders.csvio.domain.imports import (
    ENTRIES_PER_BATCH,
    IMPORT_TTL_DAYS,
    ImportRecord,
    Planned,
    Problem,
    identity,
)
from binders.domain.binders import BinderRefused
from binders.domain.cards import Printing
from binders.repository.binders import add_card_count
from binders.repository.cards import add_merge, add_new
from tradeapi import aws
from tradeapi.db import actions, keys, table
from tradeapi.db.items import from_item, values
from tradeapi.db.schema import TTL_ATTRIBUTE
from tradeapi.db.transactions import Failure, Transaction

FAILED_CHUNK_BYTES = 300_000  # a failed-rows item stays well under DynamoDB's 400 KB
PUT_THREADS = 8  # the plan's and failed rows' items are put this many at once
RECORD_FIELDS = (
    "import_id", "owner_sub", "binder_id", "format", "status", "rows", "matched", "created", "merged", "failed",
    "batches_total", "batches_done", "copies", "header", "fingerprint", "created_at", "updated_at",
)  # fmt: skip


class EntriesFull(Exception):
    """Entries of the batch would pass the quantity ceiling (a concurrent add since the plan): their lines."""

    def __init__(self, identities: list[tuple]):
        super().__init__("entries full")
        self.identities = identities


class EntriesAppeared(Exception):
    """Entries the plan saw as new exist now (a concurrent add): their identities, to merge instead."""

    def __init__(self, identities: list[tuple]):
        super().__init__("entries appeared")
        self.identities = identities


class BatchDone(Exception):
    """The record had moved past this batch: another request wrote it."""


class ImportExists(Exception):
    """A record with this id exists already (a retry under the same Idempotency-Key)."""


def import_id_for_key(owner_sub: str, binder_id: str, idempotency_key: str) -> str:
    return keys.import_id_for_key(owner_sub, binder_id, idempotency_key)


def card_ids(binder_id: str, printings: list[Printing]) -> dict[str, tuple]:
    return {keys.card_id(binder_id, *identity(p)): identity(p) for p in printings}


def held_quantities(owner_sub: str, binder_id: str, printings: list[Printing]) -> dict[tuple, int]:
    """{identity: quantity} of the entries these printings would merge into: ⌈n/100⌉ BatchGetItem."""
    by_card = card_ids(binder_id, printings)
    found = table.batch_get_projected([keys.card_key(owner_sub, c) for c in by_card], "card_id, quantity")
    held = (from_item(item) for item in found.values())
    return {by_card[data["card_id"]]: int(data["quantity"]) for data in held if data.get("card_id") in by_card}


# --- the record ---------------------------------------------------------------------------


def _ttl() -> int:
    return int(time.time()) + IMPORT_TTL_DAYS * 86_400


def _problem_data(problem: Problem) -> dict:
    return {"line": problem.line, "reason": problem.reason, "message": problem.message, "cells": list(problem.cells)}


def _problem(data: dict) -> Problem:
    return Problem(int(data["line"]), data["reason"], data["message"], tuple(data.get("cells") or ()))


def _record_item(record: ImportRecord) -> dict:
    data = {name: getattr(record, name) for name in RECORD_FIELDS}
    return {**keys.import_record_key(record.import_id), "type": "IMPORT", **data, TTL_ATTRIBUTE: _ttl()}


def _chunks(problems: list[Problem]) -> list[list[dict]]:
    chunks, current, size = [], [], 0
    for problem in problems:
        data = _problem_data(problem)
        weight = len(json.dumps(data, ensure_ascii=False).encode()) + 64
        if current and size + weight > FAILED_CHUNK_BYTES:
            chunks.append(current)
            current, size = [], 0
        current.append(data)
        size += weight
    return [*chunks, current] if current else chunks


def import_create(record: ImportRecord, batches: list[list[Planned]], problems: list[Problem]) -> int:
    """Write the plan and the failed rows (PutItem each, PUT_THREADS at once), then the record
    (conditional PutItem; ImportExists when there is one already). Returns the number of calls."""
    ttl = _ttl()
    items = [
        {
            **keys.import_batch_key(record.import_id, number),
            "type": "IMPORTPLAN",
            "entries": json.dumps([entry.as_data() for entry in batch], ensure_ascii=False),
            TTL_ATTRIBUTE: ttl,
        }
        for number, batch in enumerate(batches)
    ]
    items += [
        {**keys.import_failed_key(record.import_id, n), "type": "IMPORTFAILED", "rows": chunk, TTL_ATTRIBUTE: ttl}
        for n, chunk in enumerate(_chunks(problems))
    ]
    client = aws.dynamodb()
    with ThreadPoolExecutor(PUT_THREADS) as pool:
        list(pool.map(lambda item: client.put_item(**actions.put(item, condition=None)["Put"]), items))
    try:
        client.put_item(**actions.put(_record_item(record))["Put"])
    except client.exceptions.ConditionalCheckFailedException as exc:
        raise ImportExists() from exc
    return len(items) + 1


def _record_from(data: dict, problems: list[Problem]) -> ImportRecord:
    fields = {name: data[name] for name in RECORD_FIELDS if data.get(name) is not None}
    for name in ("rows", "matched", "created", "merged", "failed", "batches_total", "batches_done", "copies"):
        fields[name] = int(fields.get(name, 0))
    late = [_problem(p) for p in data.get("late_errors") or []]
    return ImportRecord(**fields, errors=sorted(problems + late, key=lambda p: p.line))


def import_get(import_id: str, *, with_errors: bool) -> ImportRecord | None:
    """The record, and with ``with_errors`` every failed row: 1 Query (more pages only past 1 MB of failures);
    without, 1 GetItem."""
    if not with_errors:
        item = table.get_item(keys.import_record_key(import_id))
        return _record_from(from_item(item), []) if item else None
    query = {
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": values(pk=keys.import_pk(import_id), prefix=keys.import_record_prefix()),
        "ConsistentRead": True,
    }
    record, problems = None, []
    for data in (from_item(item) for item in table.query_all(query)):
        if data.get("type") == "IMPORT":
            record = data
        else:
            problems += [_problem(p) for p in data.get("rows") or []]
    return _record_from(record, problems) if record else None


def batches_from(import_id: str, start: int) -> list[list[Planned]]:
    """The planned batches from ``start`` on, in order (Query of the plan's SK range)."""
    low, high = keys.import_batches_from(start)
    query = {
        "KeyConditionExpression": "PK = :pk AND SK BETWEEN :low AND :high",
        "ExpressionAttributeValues": values(pk=keys.import_pk(import_id), low=low, high=high),
        "ConsistentRead": True,
    }
    return [[Planned.from_data(e) for e in json.loads(from_item(item)["entries"])] for item in table.query_all(query)]


# --- a batch ------------------------------------------------------------------------------


def _entries_full(failures: list[Failure]) -> Exception:
    return EntriesFull([failure.tag for failure in failures])


def _entries_appeared(failures: list[Failure]) -> Exception:
    return EntriesAppeared([failure.tag for failure in failures])


def _binder_refused(failures: list[Failure]) -> Exception:
    return BinderRefused()


def _batch_done(failures: list[Failure]) -> Exception:
    return BatchDone()


def batch_commit(
    record: ImportRecord,
    number: int,
    batch: list[Planned],
    now: str,
    *,
    late: list[Problem] = (),
    late_counts: dict[str, int] | None = None,
) -> None:
    """Write batch ``number`` in one transaction: its entries, the binder's card_count, and the record's
    progress (conditioned on ``number`` batches done; the last batch completes the record). Rows that
    failed at write time (``late``) are added to the record with their counts in the same transaction.

    An entry the plan saw as new is a conditional Put, any other an ADD to the entry (``card_add``'s merge).
    BatchDone: the record is past this batch. EntriesFull: some entries would pass the ceiling.
    EntriesAppeared: entries planned as new exist now.
    BinderRefused: the binder is missing or being deleted."""
    assert 0 < len(batch) <= ENTRIES_PER_BATCH or (not batch and late)
    tx = Transaction()
    last = number + 1 == record.batches_total
    progress = "SET batches_done = :next, updated_at = :now" + (", #status = :completed" if last else "")
    vals = {"next": number + 1, "now": now, "done": number}
    names = {"#status": "status"} if last else {}
    if last:
        vals["completed"] = "completed"
    adds = []
    for name, delta in (late_counts or {}).items():
        adds.append(f"{name} :d_{name}")
        vals[f"d_{name}"] = delta
    if late:
        progress += ", late_errors = list_append(if_not_exists(late_errors, :empty), :late)"
        vals.update(empty=[], late=[_problem_data(p) for p in late])
    expression = progress + (" ADD " + ", ".join(adds) if adds else "")
    tx.add(
        actions.update(
            keys.import_record_key(record.import_id),
            expression,
            condition="batches_done = :done",
            values=vals,
            names=names or None,
        ),
        on_conflict=_batch_done,
    )
    quantity = sum(entry.quantity for entry in batch)
    if batch:
        add_card_count(
            tx, record.owner_sub, record.binder_id, quantity, now, receiving=True, on_conflict=_binder_refused
        )
    for entry in batch:
        card_id = keys.card_id(record.binder_id, *identity(entry.printing))
        if entry.new:  # a Put, conditioned on the entry still being absent
            add_new(
                tx,
                record.owner_sub,
                card_id,
                entry.printing,
                entry.quantity,
                now,
                on_conflict=_entries_appeared,
                tag=identity(entry.printing),
            )
            continue
        add_merge(
            tx,
            record.owner_sub,
            card_id,
            entry.printing,
            entry.quantity,
            now,
            on_conflict=_entries_full,
            tag=identity(entry.printing),
        )
    tx.commit()
