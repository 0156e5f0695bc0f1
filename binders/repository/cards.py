"""Card entries in the single table: reads, pages, and the transactions that keep card_count exact.

Every write that changes a quantity runs in one TransactWriteItems with the binder's
card_count update, so card_count is always the sum of its entries' quantities.
Conditions make concurrent writers safe: an add merges with ADD and checks the
999 ceiling; a take conditions on the quantity it read (the service retries).
"""

import time

from django.conf import settings

from tradeapi import aws
from tradeapi.db import keys
from tradeapi.db.cursors import Page, decode_cursor, encode_cursor
from tradeapi.db.items import from_item, values, wire_key
from tradeapi.db.transactions import TransactionConflict, transact_write
from tradeapi.exceptions import ServiceUnavailable
from binders.domain.cards import MAX_QUANTITY, CardEntry, CardNotFound, Condition, Finish, Printing, normalize_name
from binders.repository.binders import binder_count_action

CARD_FIELDS = ("owner_sub", "binder_id", "card_id", "name", "set_code", "collector_number", "finish", "condition",
               "language", "quantity", "scryfall_id", "notes", "name_norm", "created_at", "updated_at", "version")
BATCH_GET_LIMIT = 100
UNPROCESSED_RETRIES = 6  # BatchGetItem answers that leave keys unprocessed (throttling), backing off each time


def _table() -> str:
    return settings.TABLE_NAME


def card_from_data(data: dict) -> CardEntry:
    """A card item as plain Python values → CardEntry."""
    fields = {name: data[name] for name in CARD_FIELDS if data.get(name) is not None}
    fields["finish"] = Finish(fields["finish"])
    fields["condition"] = Condition(fields["condition"])
    return CardEntry(**fields)


def card_from_item(item: dict) -> CardEntry:
    """A card item in DynamoDB's wire format → CardEntry."""
    return card_from_data(from_item(item))


def card_get(owner_sub: str, card_id: str) -> CardEntry:
    """One of ``owner_sub``'s entries (strongly consistent GetItem); CardNotFound when there is none."""
    item = aws.dynamodb().get_item(TableName=_table(), Key=wire_key(keys.card_key(owner_sub, card_id)),
                                   ConsistentRead=True).get("Item")
    if item is None:
        raise CardNotFound()
    return card_from_item(item)


def cards_get_many(owner_sub: str, card_ids) -> dict[str, CardEntry]:
    """{card_id: CardEntry} for those of ``card_ids`` that ``owner_sub`` holds.

    Strongly consistent BatchGetItem, 100 keys per call; unprocessed keys are retried
    with a short backoff.
    """
    ids = list(dict.fromkeys(card_ids))
    found: dict[str, CardEntry] = {}
    for start in range(0, len(ids), BATCH_GET_LIMIT):
        chunk = ids[start:start + BATCH_GET_LIMIT]
        request = {_table(): {"Keys": [wire_key(keys.card_key(owner_sub, cid)) for cid in chunk],
                              "ConsistentRead": True}}
        attempt = 0
        while request:
            response = aws.dynamodb().batch_get_item(RequestItems=request)
            for item in response.get("Responses", {}).get(_table(), []):
                entry = card_from_item(item)
                found[entry.card_id] = entry
            request = response.get("UnprocessedKeys") or None
            if request:
                attempt += 1
                if attempt > UNPROCESSED_RETRIES:
                    raise ServiceUnavailable("DynamoDB keeps leaving keys unprocessed; try again.",
                                             code="reads_throttled")
                time.sleep(min(0.05 * 2 ** attempt, 1.0))
    return found


def card_page(owner_sub: str, *, cursor: str | None, limit: int, binder_id: str | None = None,
              set_code: str | None = None, name_prefix: str | None = None) -> Page:
    """One page of a trader's entries: one Query.

    In one binder: the binder's SK range (strongly consistent). By name prefix across
    binders: GSI2 (the trader's cards ordered by normalized name; eventually consistent).
    Otherwise: the trader's whole CARD# range. The remaining criteria are filters, so a
    page may hold fewer than ``limit`` entries while ``next`` is still set.
    """
    norm = normalize_name(name_prefix) if name_prefix else None
    scope = f"cards|{owner_sub}|{binder_id}|{set_code}|{norm}"
    filters, vals, names = [], {}, {}
    if binder_id is None and norm:
        query = {"IndexName": "GSI2", "KeyConditionExpression": "GSI2PK = :pk AND begins_with(GSI2SK, :prefix)"}
        vals.update(pk=keys.card_search_pk(owner_sub), prefix=norm)
    else:
        prefix = keys.binder_cards_prefix(binder_id) if binder_id is not None else keys.CARD
        query = {"KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)", "ConsistentRead": True}
        vals.update(pk=keys.user_pk(owner_sub), prefix=prefix)
        if norm:
            filters.append("begins_with(name_norm, :norm)")
            vals["norm"] = norm
    if set_code:
        filters.append("set_code = :set_code")
        vals["set_code"] = set_code.upper()
    query.update(TableName=_table(), Limit=limit, ExpressionAttributeValues=values(**vals))
    if filters:
        query["FilterExpression"] = " AND ".join(filters)
    if names:
        query["ExpressionAttributeNames"] = names
    start = decode_cursor(cursor, scope=scope)
    if start:
        query["ExclusiveStartKey"] = start
    response = aws.dynamodb().query(**query)
    return Page([card_from_item(i) for i in response.get("Items", [])],
                encode_cursor(response.get("LastEvaluatedKey"), scope=scope))


# --- write actions ------------------------------------------------------------------------


def _merge_action(owner_sub: str, card_id: str, printing: Printing, quantity: int, notes: str, now: str) -> dict:
    """Create the entry, or add to the identical one; refuses to pass MAX_QUANTITY.

    The printing's details are set only when the entry is new (if_not_exists), so a merge
    keeps the entry's name, notes and created_at.
    """
    binder_id = keys.binder_id_of_card(card_id)
    norm = normalize_name(printing.name)
    fixed = {"type": "CARD", "owner_sub": owner_sub, "binder_id": binder_id, "card_id": card_id,
             "name": printing.name, "name_norm": norm, "set_code": printing.set_code,
             "collector_number": printing.collector_number, "finish": Finish(printing.finish).value,
             "condition": Condition(printing.condition).value, "language": printing.language,
             "scryfall_id": printing.scryfall_id, "notes": notes, "created_at": now,
             **keys.card_search_keys(owner_sub, norm, card_id)}
    fixed = {name: value for name, value in fixed.items() if value is not None}
    names = {f"#a{i}": name for i, name in enumerate(fixed)}
    sets = ", ".join(f"#a{i} = if_not_exists(#a{i}, :a{i})" for i in range(len(fixed)))
    return {"Update": {
        "TableName": _table(), "Key": wire_key(keys.card_key(owner_sub, card_id)),
        "UpdateExpression": f"SET {sets}, updated_at = :now ADD quantity :q, version :one",
        "ConditionExpression": "attribute_not_exists(quantity) OR quantity <= :room",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": {**values(**{f"a{i}": v for i, v in enumerate(fixed.values())}),
                                      **values(now=now, q=quantity, one=1, room=MAX_QUANTITY - quantity)},
    }}


def _take_action(entry: CardEntry, quantity: int, now: str) -> dict:
    """Take ``quantity`` out of an entry as read: delete it when that is all of it, else subtract.

    Deleting is conditioned on the quantity read; subtracting on more than ``quantity``
    remaining, so the entry never reaches zero or below.
    """
    key = wire_key(keys.card_key(entry.owner_sub, entry.card_id))
    if quantity >= entry.quantity:
        return {"Delete": {"TableName": _table(), "Key": key, "ConditionExpression": "quantity = :held",
                           "ExpressionAttributeValues": values(held=entry.quantity)}}
    return {"Update": {"TableName": _table(), "Key": key,
                       "UpdateExpression": "SET updated_at = :now ADD quantity :delta, version :one",
                       "ConditionExpression": "quantity > :q",
                       "ExpressionAttributeValues": values(now=now, delta=-quantity, one=1, q=quantity)}}


def card_add(owner_sub: str, card_id: str, printing: Printing, quantity: int, notes: str, now: str) -> None:
    """Add copies to a binder (merging with the identical entry) and to its card_count: one transaction.

    Raises TransactionConflict: failed 0 = the entry would pass MAX_QUANTITY;
    failed 1 = the binder is missing or being deleted.
    """
    binder_id = keys.binder_id_of_card(card_id)
    transact_write([
        _merge_action(owner_sub, card_id, printing, quantity, notes, now),
        binder_count_action(owner_sub, binder_id, quantity, now, receiving=True),
    ])


def card_move(entry: CardEntry, to_binder_id: str, quantity: int, now: str) -> str:
    """Move copies of an entry (as read) into another binder of the same owner, merging there.

    One transaction of four actions: source entry, destination entry, both card_counts.
    Returns the destination card_id. Raises TransactionConflict: failed 0 = the source
    changed; 1 = the destination would pass MAX_QUANTITY; 3 = the destination binder is
    missing or being deleted.
    """
    to_card_id = keys.card_id_in_binder(entry.card_id, to_binder_id)
    printing = Printing(name=entry.name, set_code=entry.set_code, collector_number=entry.collector_number,
                        finish=entry.finish, condition=entry.condition, language=entry.language,
                        scryfall_id=entry.scryfall_id)
    transact_write([
        _take_action(entry, quantity, now),
        _merge_action(entry.owner_sub, to_card_id, printing, quantity, entry.notes, now),
        binder_count_action(entry.owner_sub, entry.binder_id, -quantity, now),
        binder_count_action(entry.owner_sub, to_binder_id, quantity, now, receiving=True),
    ])
    return to_card_id


def card_remove(entry: CardEntry, now: str) -> None:
    """Delete an entry (as read) and take its quantity off the binder's card_count.

    Raises TransactionConflict (failed 0) when the entry changed since it was read.
    """
    transact_write([_take_action(entry, entry.quantity, now),
                    binder_count_action(entry.owner_sub, entry.binder_id, -entry.quantity, now)])


def card_update(entry: CardEntry, changes: dict, now: str) -> CardEntry:
    """Change an entry's quantity, name, notes or scryfall_id.

    Without a quantity change: one conditional UpdateItem. With one: one transaction
    with the binder's card_count. Whenever ``quantity`` is given it is conditioned on the
    quantity read (TransactionConflict failed 0 when the entry changed since it was read,
    or is gone: the caller reads again); otherwise CardNotFound when the entry is gone.
    """
    changes = dict(changes)
    if "name" in changes:
        changes["name_norm"] = normalize_name(changes["name"])
        changes.update(keys.card_search_keys(entry.owner_sub, changes["name_norm"], entry.card_id))
    delta = changes["quantity"] - entry.quantity if "quantity" in changes else 0
    names = {f"#f{i}": name for i, name in enumerate(changes)}
    sets = ", ".join([f"#f{i} = :f{i}" for i in range(len(changes))] + ["updated_at = :now"])
    vals = {**values(**{f"f{i}": v for i, v in enumerate(changes.values())}), **values(now=now, one=1)}
    update = {"TableName": _table(), "Key": wire_key(keys.card_key(entry.owner_sub, entry.card_id)),
              "UpdateExpression": f"SET {sets} ADD version :one", "ExpressionAttributeValues": vals}
    if names:
        update["ExpressionAttributeNames"] = names
    if "quantity" in changes:  # even when unchanged: a plain SET would undo a concurrent add
        update["ConditionExpression"] = "quantity = :held"
        vals.update(values(held=entry.quantity))
    else:
        update["ConditionExpression"] = "attribute_exists(PK)"
    if not delta:
        try:
            response = aws.dynamodb().update_item(**update, ReturnValues="ALL_NEW")
        except aws.dynamodb().exceptions.ConditionalCheckFailedException as exc:
            if "quantity" in changes:
                raise TransactionConflict([0], []) from exc  # changed since read: the caller retries
            raise CardNotFound() from exc
        return card_from_item(response["Attributes"])
    transact_write([{"Update": update}, binder_count_action(entry.owner_sub, entry.binder_id, delta, now)])
    data = {name: getattr(entry, name) for name in CARD_FIELDS}
    data.update({k: v for k, v in changes.items() if k in CARD_FIELDS}, updated_at=now, version=entry.version + 1)
    return card_from_data(data)


def cards_delete(owner_sub: str, binder_id: str, entries: list[CardEntry], now: str) -> None:
    """Delete up to 99 entries of one binder and take their quantities off its card_count: one transaction.

    Each delete is conditioned on the quantity read (TransactionConflict when any changed).
    """
    if not entries:
        return
    transact_write([*card_delete_actions(entries),
                    binder_count_action(owner_sub, binder_id, -sum(e.quantity for e in entries), now)])


def card_delete_actions(entries: list[CardEntry]) -> list[dict]:
    """Delete actions for entries as read, each conditioned on the quantity read."""
    return [{"Delete": {"TableName": _table(), "Key": wire_key(keys.card_key(e.owner_sub, e.card_id)),
                        "ConditionExpression": "quantity = :held",
                        "ExpressionAttributeValues": values(held=e.quantity)}}
            for e in entries]


def cards_in_binder(owner_sub: str, binder_id: str) -> list[CardEntry]:
    """Every entry of one binder (strongly consistent Queries, all pages): for force delete."""
    entries: list[CardEntry] = []
    query = {"TableName": _table(), "ConsistentRead": True,
             "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
             "ExpressionAttributeValues": values(pk=keys.user_pk(owner_sub),
                                                 prefix=keys.binder_cards_prefix(binder_id))}
    while True:
        response = aws.dynamodb().query(**query)
        entries += [card_from_item(i) for i in response.get("Items", [])]
        if not response.get("LastEvaluatedKey"):
            return entries
        query["ExclusiveStartKey"] = response["LastEvaluatedKey"]
