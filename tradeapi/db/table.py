"""Reads of the main table, one way each: get an item, query a page, query every page, batch-get.

Repositories build keys with ``keys`` and map items to domain objects; this module
runs the calls, pages with signed cursors, and retries what DynamoDB leaves unprocessed.
"""

import random
import time
from collections.abc import Callable, Iterator

from django.conf import settings

from tradeapi import aws
from tradeapi.db.cursors import decode_cursor, encode_cursor
from tradeapi.db.items import wire_key
from tradeapi.db.schema import INDEX_KEYS, MAX_BATCH_GET_KEYS, MAX_BATCH_WRITE_ITEMS, PK, SK
from tradeapi.exceptions import ServiceUnavailable
from tradeapi.paging import Page

UNPROCESSED_RETRIES = 6  # BatchGetItem answers that leave keys unprocessed (throttling), backing off each time
BACKOFF_BASE = 0.05
BACKOFF_CAP = 1.0
BACKWARD = "<"  # in a cursor: the page before this position


def name() -> str:
    """The main table's name (settings.TABLE_NAME, read per call so tests can point it elsewhere)."""
    return settings.TABLE_NAME


def get_item(key: dict[str, str], *, consistent: bool = True, projection: str | None = None) -> dict | None:
    """The item at a plain key ({"PK": ..., "SK": ...}) in wire format, or None."""
    kwargs = {"TableName": name(), "Key": wire_key(key), "ConsistentRead": consistent}
    if projection:
        kwargs["ProjectionExpression"] = projection
    return aws.dynamodb().get_item(**kwargs).get("Item")


def update_item(action: dict) -> dict | None:
    """Run one ``actions.update(...)`` on its own (UpdateItem): the item as updated, or None when
    its condition failed."""
    client = aws.dynamodb()
    try:
        return client.update_item(**action["Update"], ReturnValues="ALL_NEW")["Attributes"]
    except client.exceptions.ConditionalCheckFailedException:
        return None


def query_page(query: dict, *, scope: str, cursor: str | None, mapper: Callable[[dict], object]) -> Page:
    """One Query: the page after (or before) ``cursor`` (signed for ``scope``), its items mapped, and the
    cursors of the next and previous pages.

    A previous page is read backwards from the first item of this one (ScanIndexForward flipped),
    so paging both ways costs one Query a page.
    """
    query = {"TableName": name(), **query}
    start = decode_cursor(cursor, scope=scope)
    backward = bool(start and BACKWARD in start)
    if backward:
        start = start[BACKWARD]
        query["ScanIndexForward"] = not query.get("ScanIndexForward", True)
    if start:
        query["ExclusiveStartKey"] = start
    response = aws.dynamodb().query(**query)
    items = response.get("Items", [])
    more = response.get("LastEvaluatedKey")
    if backward:
        items.reverse()
        next_key = _position(items[-1], query) if items else None
        previous = encode_cursor({BACKWARD: _position(items[0], query)}, scope=scope) if more and items else None
    else:
        next_key = more
        previous = encode_cursor({BACKWARD: _position(items[0], query)}, scope=scope) if cursor and items else None
    return Page([mapper(item) for item in items], encode_cursor(next_key, scope=scope), previous)


def _position(item: dict, query: dict) -> dict:
    """An item's place in a Query's order: the table key, plus the index key when querying an index."""
    names = [PK, SK, *INDEX_KEYS.get(query.get("IndexName"), ())]
    return {name: item[name] for name in names if name in item}


def query_once(query: dict) -> tuple[list[dict], dict | None]:
    """One Query as given: its items and LastEvaluatedKey (None on the last page)."""
    response = aws.dynamodb().query(TableName=name(), **query)
    return response.get("Items", []), response.get("LastEvaluatedKey")


def query_all(query: dict) -> Iterator[dict]:
    """Every item a Query matches, following LastEvaluatedKey (for bounded or offline sweeps)."""
    query = {"TableName": name(), **query}
    while True:
        response = aws.dynamodb().query(**query)
        yield from response.get("Items", [])
        if not response.get("LastEvaluatedKey"):
            return
        query["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def scan_offline(filter_expression: str, expression_values: dict, names: dict | None = None) -> Iterator[dict]:
    """Every item of the table matching a filter: a Scan, for offline admin commands only (never a request)."""
    kwargs = {
        "TableName": name(),
        "FilterExpression": filter_expression,
        "ExpressionAttributeValues": expression_values,
    }
    if names:
        kwargs["ExpressionAttributeNames"] = names
    for page in aws.dynamodb().get_paginator("scan").paginate(**kwargs):
        yield from page.get("Items", [])


def batch_get_projected(
    plain_keys: list[dict[str, str]], projection: str, *, consistent: bool = False
) -> dict[tuple[str, str], dict]:
    """batch_get, reading only the attributes in ``projection`` (plus the key)."""
    return batch_get(plain_keys, consistent=consistent, projection=f"{PK}, {SK}, {projection}")


def batch_write(requests: list[dict]) -> int:
    """BatchWriteItem in chunks of 25 (``{"PutRequest": ...}`` / ``{"DeleteRequest": ...}`` in wire format).

    Requests DynamoDB leaves unprocessed are sent again with jittered exponential backoff, at most
    UNPROCESSED_RETRIES times per chunk; then 503 ``writes_throttled``. Returns the number of calls.
    """
    calls = 0
    for start in range(0, len(requests), MAX_BATCH_WRITE_ITEMS):
        pending = {name(): requests[start : start + MAX_BATCH_WRITE_ITEMS]}
        for attempt in range(UNPROCESSED_RETRIES + 1):
            calls += 1
            pending = aws.dynamodb().batch_write_item(RequestItems=pending).get("UnprocessedItems") or None
            if not pending:
                break
            if attempt == UNPROCESSED_RETRIES:
                raise ServiceUnavailable(
                    "DynamoDB keeps leaving writes unprocessed; try again.", code="writes_throttled"
                )
            time.sleep(random.uniform(0, min(BACKOFF_BASE * 2**attempt, BACKOFF_CAP)))
    return calls


def batch_get(
    plain_keys: list[dict[str, str]], *, consistent: bool = True, projection: str | None = None
) -> dict[tuple[str, str], dict]:
    """BatchGetItem in chunks of 100 → {(PK, SK): wire item} for the keys that exist.

    Keys DynamoDB leaves unprocessed are asked again with jittered exponential backoff,
    at most UNPROCESSED_RETRIES times per chunk; then 503 ``reads_throttled``.
    """
    unique = list({(k["PK"], k["SK"]): k for k in plain_keys}.values())
    found: dict[tuple[str, str], dict] = {}
    for start in range(0, len(unique), MAX_BATCH_GET_KEYS):
        chunk = unique[start : start + MAX_BATCH_GET_KEYS]
        request = {name(): {"Keys": [wire_key(k) for k in chunk], "ConsistentRead": consistent}}
        if projection:
            request[name()]["ProjectionExpression"] = projection
        for attempt in range(UNPROCESSED_RETRIES + 1):
            response = aws.dynamodb().batch_get_item(RequestItems=request)
            for item in response.get("Responses", {}).get(name(), []):
                found[(item["PK"]["S"], item["SK"]["S"])] = item
            request = response.get("UnprocessedKeys") or None
            if not request:
                break
            if attempt == UNPROCESSED_RETRIES:
                raise ServiceUnavailable("DynamoDB keeps leaving keys unprocessed; try again.", code="reads_throttled")
            time.sleep(random.uniform(0, min(BACKOFF_BASE * 2**attempt, BACKOFF_CAP)))
    return found
