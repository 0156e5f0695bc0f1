"""Card entries in the single table: reads, pages, and the transactions that keep card_count exact.

Every write that changes a quantity runs in one transaction with the binder's card_count
update, so card_count is always the sum of its entries' quantities. Conditions make
concurrent writers safe: an add merges with ADD and checks the 999 ceiling; a take is
conditioned on the quantity it read (EntryChanged: the service reads again and retries).
"""

from binders.domain.binders import BinderChanging, BinderRefused
from binders.domain.cards import (
    MAX_QUANTITY,
    CardEntry,
    CardNotFound,
    Condition,
    EntryChanged,
    Finish,
    Printing,
    QuantityLimitExceeded,
    normalize_name,
)
from binders.domain.values import Holding
from binders.repository.binders import add_card_count
from tradeapi.db import actions, keys, table
from tradeapi.db.items import from_item, values
from tradeapi.db.schema import GSI2, GSI2_PK, GSI2_SK
from tradeapi.db.transactions import Failure, Transaction
from tradeapi.paging import Page

CARD_FIELDS = (
    "owner_sub",
    "binder_id",
    "card_id",
    "name",
    "set_code",
    "collector_number",
    "finish",
    "condition",
    "language",
    "quantity",
    "scryfall_id",
    "oracle_id",
    "rarity",
    "image",
    "notes",
    "name_norm",
    "created_at",
    "updated_at",
    "version",
)


def entry_changed(failures: list[Failure]) -> Exception:
    return EntryChanged()


def _binder_refused(failures: list[Failure]) -> Exception:
    return BinderRefused()


def _entry_full(failures: list[Failure]) -> Exception:
    return QuantityLimitExceeded()


def binder_changing(failures: list[Failure]) -> Exception:
    return BinderChanging()


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
    item = table.get_item(keys.card_key(owner_sub, card_id))
    if item is None:
        raise CardNotFound()
    return card_from_item(item)


def cards_get_many(owner_sub: str, card_ids) -> dict[str, CardEntry]:
    """{card_id: CardEntry} for those of ``card_ids`` that ``owner_sub`` holds (strongly consistent BatchGetItem)."""
    found = table.batch_get([keys.card_key(owner_sub, card_id) for card_id in card_ids])
    entries = (card_from_item(item) for item in found.values())
    return {entry.card_id: entry for entry in entries}


def card_page(
    owner_sub: str,
    *,
    cursor: str | None,
    limit: int,
    binder_id: str | None = None,
    set_code: str | None = None,
    name_prefix: str | None = None,
) -> Page:
    """One page of a trader's entries: one Query.

    In one binder: the binder's SK range (strongly consistent). By name prefix across
    binders: GSI2 (the trader's cards ordered by normalized name; eventually consistent).
    Otherwise: the trader's whole CARD# range. The remaining criteria are filters, so a
    page may hold fewer than ``limit`` entries while ``next`` is still set.
    """
    norm = normalize_name(name_prefix) if name_prefix else None
    filters, vals = [], {}
    if binder_id is None and norm:
        query = {"IndexName": GSI2, "KeyConditionExpression": f"{GSI2_PK} = :pk AND begins_with({GSI2_SK}, :prefix)"}
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
    query.update(Limit=limit, ExpressionAttributeValues=values(**vals))
    if filters:
        query["FilterExpression"] = " AND ".join(filters)
    return table.query_page(
        query, scope=f"cards|{owner_sub}|{binder_id}|{set_code}|{norm}", cursor=cursor, mapper=card_from_item
    )


def cards_in_binder(owner_sub: str, binder_id: str) -> list[CardEntry]:
    """Every entry of one binder (strongly consistent Queries, all pages): for force delete."""
    query = {
        "ConsistentRead": True,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": values(pk=keys.user_pk(owner_sub), prefix=keys.binder_cards_prefix(binder_id)),
    }
    return [card_from_item(item) for item in table.query_all(query)]


def holdings(owner_sub: str, binder_id: str | None = None) -> list[Holding]:
    """What a binder (or, without ``binder_id``, the whole collection) holds, for valuing it: each entry's
    printing, finish, condition and quantity. Strongly consistent Queries of the owner's CARD# range,
    projected, following DynamoDB's 1 MB pages (the limit counts whole items: over 1,000 entries a Query)."""
    prefix = keys.binder_cards_prefix(binder_id) if binder_id is not None else keys.CARD
    query = {
        "ConsistentRead": True,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ProjectionExpression": "#s, #f, #c, #q",  # finish and condition are reserved words
        "ExpressionAttributeNames": {"#s": "scryfall_id", "#f": "finish", "#c": "condition", "#q": "quantity"},
        "ExpressionAttributeValues": values(pk=keys.user_pk(owner_sub), prefix=prefix),
    }
    return [holding_from_item(item) for item in table.query_all(query)]


def holding_from_item(item: dict) -> Holding:
    data = from_item(item)
    return Holding(data.get("scryfall_id"), data["finish"], data["condition"], int(data["quantity"]))


# --- write actions ------------------------------------------------------------------------


def _merge(owner_sub: str, card_id: str, printing: Printing, quantity: int, notes: str, now: str) -> dict:
    """Create the entry, or add to the identical one; refuses to pass MAX_QUANTITY.

    The printing's details are set only when the entry is new (if_not_exists), so a merge
    keeps the entry's name, notes and created_at.
    """
    norm = normalize_name(printing.name)
    fixed = {
        "type": "CARD",
        "owner_sub": owner_sub,
        "binder_id": keys.binder_id_of_card(card_id),
        "card_id": card_id,
        "name": printing.name,
        "name_norm": norm,
        "set_code": printing.set_code,
        "collector_number": printing.collector_number,
        "finish": Finish(printing.finish).value,
        "condition": Condition(printing.condition).value,
        "language": printing.language,
        "scryfall_id": printing.scryfall_id,
        "oracle_id": printing.oracle_id,
        "rarity": printing.rarity,
        "image": printing.image,
        "notes": notes,
        "created_at": now,
        **keys.card_search_keys(owner_sub, norm, card_id),
    }
    clause, names, fields = actions.set_fields(
        {k: v for k, v in fixed.items() if v is not None}, prefix="a", if_missing=True
    )
    return actions.update(
        keys.card_key(owner_sub, card_id),
        f"SET {clause}, updated_at = :now ADD quantity :q, version :one",
        condition="attribute_not_exists(quantity) OR quantity <= :room",
        names=names,
        values={**fields, "now": now, "q": quantity, "one": 1, "room": MAX_QUANTITY - quantity},
    )


def entry_delete(entry: CardEntry) -> dict:
    """Delete an entry as read: conditioned on the quantity read, so a concurrent change fails it."""
    return actions.delete(
        keys.card_key(entry.owner_sub, entry.card_id), condition="quantity = :held", values={"held": entry.quantity}
    )


def _take(entry: CardEntry, quantity: int, now: str) -> dict:
    """Take ``quantity`` out of an entry as read: delete it when that is all of it, else subtract.

    Deleting is conditioned on the quantity read; subtracting on more than ``quantity``
    remaining, so the entry never reaches zero or below.
    """
    key = keys.card_key(entry.owner_sub, entry.card_id)
    if quantity >= entry.quantity:
        return entry_delete(entry)
    return actions.update(
        key,
        "SET updated_at = :now ADD quantity :delta, version :one",
        condition="quantity > :q",
        values={"now": now, "delta": -quantity, "one": 1, "q": quantity},
    )


def card_add(owner_sub: str, binder_id: str, printing: Printing, quantity: int, notes: str, now: str) -> str:
    """Add copies to a binder (merging with the identical entry) and to its card_count: one transaction.

    Returns the entry's card_id. BinderRefused when the binder is missing or being deleted;
    QuantityLimitExceeded when the entry would pass MAX_QUANTITY.
    """
    card_id = keys.card_id(
        binder_id,
        printing.set_code,
        printing.collector_number,
        Finish(printing.finish).value,
        Condition(printing.condition).value,
        printing.language,
    )
    tx = Transaction()
    add_card_count(tx, owner_sub, binder_id, quantity, now, receiving=True, on_conflict=_binder_refused)
    tx.add(_merge(owner_sub, card_id, printing, quantity, notes, now), on_conflict=_entry_full)
    tx.commit()
    return card_id


def card_move(entry: CardEntry, to_binder_id: str, quantity: int, now: str) -> str:
    """Move copies of an entry (as read) into another binder of the same owner, merging there.

    One transaction: both entries and both card_counts. Returns the destination card_id.
    BinderRefused when the destination binder is missing or being deleted; else
    QuantityLimitExceeded when the destination entry would pass MAX_QUANTITY; else
    EntryChanged when the source changed since it was read.
    """
    to_card_id = keys.card_id_in_binder(entry.card_id, to_binder_id)
    tx = Transaction()
    add_card_count(tx, entry.owner_sub, to_binder_id, quantity, now, receiving=True, on_conflict=_binder_refused)
    tx.add(_merge(entry.owner_sub, to_card_id, entry.printing(), quantity, entry.notes, now), on_conflict=_entry_full)
    tx.add(_take(entry, quantity, now), on_conflict=entry_changed)
    add_card_count(tx, entry.owner_sub, entry.binder_id, -quantity, now, on_conflict=entry_changed)
    tx.commit()
    return to_card_id


def card_remove(entry: CardEntry, now: str) -> None:
    """Delete an entry (as read) and take its quantity off the binder's card_count (EntryChanged if it changed)."""
    tx = Transaction()
    tx.add(_take(entry, entry.quantity, now), on_conflict=entry_changed)
    add_card_count(tx, entry.owner_sub, entry.binder_id, -entry.quantity, now, on_conflict=entry_changed)
    tx.commit()


def card_update(entry: CardEntry, changes: dict, now: str) -> CardEntry:
    """Change an entry's quantity, name, notes or scryfall_id.

    Without a quantity change: one conditional UpdateItem. With one: one transaction
    with the binder's card_count. Whenever ``quantity`` is given it is conditioned on the
    quantity read (EntryChanged when the entry changed since it was read, or is gone);
    otherwise CardNotFound when the entry is gone. A changed scryfall_id also takes the transaction
    (a delta of 0), so the binder's version moves and its cached value is recomputed.
    """
    changes = dict(changes)
    if "name" in changes:
        changes["name_norm"] = normalize_name(changes["name"])
        changes.update(keys.card_search_keys(entry.owner_sub, changes["name_norm"], entry.card_id))
    delta = changes["quantity"] - entry.quantity if "quantity" in changes else 0
    clause, names, fields = actions.set_fields(changes)
    if "quantity" in changes:  # even when unchanged: a plain SET would undo a concurrent add
        condition, fields["held"] = "quantity = :held", entry.quantity
    else:
        condition = actions.EXISTS
    update = actions.update(
        keys.card_key(entry.owner_sub, entry.card_id),
        f"SET {clause}, updated_at = :now ADD version :one",
        condition=condition,
        values={**fields, "now": now, "one": 1},
        names=names,
    )
    if not delta and "scryfall_id" not in changes:  # a new printing changes the binder's value: bump its version
        updated = table.update_item(update)
        if updated is None:
            raise EntryChanged() if "quantity" in changes else CardNotFound()
        return card_from_item(updated)
    tx = Transaction()
    tx.add(update, on_conflict=entry_changed)
    add_card_count(tx, entry.owner_sub, entry.binder_id, delta, now, on_conflict=entry_changed)
    tx.commit()
    data = {name: getattr(entry, name) for name in CARD_FIELDS}
    data.update({k: v for k, v in changes.items() if k in CARD_FIELDS}, updated_at=now, version=entry.version + 1)
    return card_from_data(data)


def unlinked_entries():
    """Every card entry that names no catalog printing (entries made before the catalog). A Scan:
    for the offline ``catalog_link`` command only."""
    items = table.scan_offline(
        "#type = :card AND attribute_not_exists(scryfall_id)", values(card="CARD"), names={"#type": "type"}
    )
    return (card_from_item(item) for item in items)


def card_link(entry: CardEntry, printing: Printing, now: str) -> bool:
    """Give an unlinked entry its catalog printing (name, ids, rarity, image); one conditional UpdateItem.
    False when the entry is gone or was linked meanwhile."""
    norm = normalize_name(printing.name)
    fields = {
        "name": printing.name,
        "name_norm": norm,
        "scryfall_id": printing.scryfall_id,
        "oracle_id": printing.oracle_id,
        "rarity": printing.rarity,
        "image": printing.image,
        **keys.card_search_keys(entry.owner_sub, norm, entry.card_id),
    }
    clause, names, vals = actions.set_fields({k: v for k, v in fields.items() if v is not None})
    update = actions.update(
        keys.card_key(entry.owner_sub, entry.card_id),
        f"SET {clause}, updated_at = :now ADD version :one",
        condition="attribute_exists(quantity) AND attribute_not_exists(scryfall_id)",
        names=names,
        values={**vals, "now": now, "one": 1},
    )
    return table.update_item(update) is not None


def add_merge(
    tx: Transaction, owner_sub: str, card_id: str, printing: Printing, quantity: int, now: str, *, on_conflict, tag
) -> None:
    """Add copies to an entry (creating it, or merging as ``card_add`` does) in a transaction another
    repository owns (a CSV import's batch): the caller adds the binder's card_count itself."""
    tx.add(_merge(owner_sub, card_id, printing, quantity, "", now), on_conflict=on_conflict, tag=tag)


def add_new(
    tx: Transaction, owner_sub: str, card_id: str, printing: Printing, quantity: int, now: str, *, on_conflict, tag
) -> None:
    """Add a new entry as one conditional Put (only if no entry has its key yet) to a transaction another
    repository owns: the same item ``_merge`` creates, cheaper to apply than its update expression. The
    caller adds the binder's card_count; a failed condition (the entry appeared meanwhile) is its to merge."""
    norm = normalize_name(printing.name)
    item = {
        **keys.card_key(owner_sub, card_id),
        "type": "CARD",
        "owner_sub": owner_sub,
        "binder_id": keys.binder_id_of_card(card_id),
        "card_id": card_id,
        "name": printing.name,
        "name_norm": norm,
        "set_code": printing.set_code,
        "collector_number": printing.collector_number,
        "finish": Finish(printing.finish).value,
        "condition": Condition(printing.condition).value,
        "language": printing.language,
        "scryfall_id": printing.scryfall_id,
        "oracle_id": printing.oracle_id,
        "rarity": printing.rarity,
        "image": printing.image,
        "notes": "",
        "quantity": quantity,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        **keys.card_search_keys(owner_sub, norm, card_id),
    }
    tx.add(actions.put({k: v for k, v in item.items() if v is not None}), on_conflict=on_conflict, tag=tag)
