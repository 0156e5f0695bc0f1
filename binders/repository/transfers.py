"""Moving card entries between traders: the reads a trade checks, and the writes that complete it.

The plan (trades.domain.plan) nets quantities per card entry and per binder; this module
turns it into one action per item.
"""

from django.conf import settings

from tradeapi import aws
from tradeapi.db import keys
from tradeapi.db.items import from_item, values, wire_key
from binders.domain.cards import MAX_QUANTITY
from binders.repository.binders import binder_count_action

SNAPSHOT_FIELDS = ("name", "set_code", "collector_number", "finish", "condition", "language", "scryfall_id",
                   "binder_id")
COPIED_FIELDS = ("name", "name_norm", "set_code", "collector_number", "scryfall_id", "finish", "condition",
                 "language")


def _table() -> str:
    return settings.TABLE_NAME


def batch_get(plain_keys: list[dict]) -> dict[tuple[str, str], dict]:
    """Strongly consistent BatchGetItem of up to 100 keys → {(PK, SK): plain item} for those that exist."""
    found: dict[tuple[str, str], dict] = {}
    unique = list({(k["PK"], k["SK"]): k for k in plain_keys}.values())
    if not unique:
        return found
    request = {_table(): {"Keys": [wire_key(k) for k in unique], "ConsistentRead": True}}
    while request:
        response = aws.dynamodb().batch_get_item(RequestItems=request)
        for item in response.get("Responses", {}).get(_table(), []):
            data = from_item(item)
            found[(data["PK"], data["SK"])] = data
        request = response.get("UnprocessedKeys") or None
    return found


def read_cards(entries: list[tuple[str, str]], binders: list[tuple[str, str]] = ()) -> tuple[dict, dict]:
    """Card entries {(owner_sub, card_id): item} and binders {(owner_sub, binder_id): item}, one BatchGetItem."""
    card_keys = {(sub, cid): keys.card_key(sub, cid) for sub, cid in entries}
    binder_keys = {(sub, bid): keys.binder_key(sub, bid) for sub, bid in binders}
    found = batch_get([*card_keys.values(), *binder_keys.values()])
    cards = {ref: found[(k["PK"], k["SK"])] for ref, k in card_keys.items() if (k["PK"], k["SK"]) in found}
    binder_items = {ref: found[(k["PK"], k["SK"])] for ref, k in binder_keys.items() if (k["PK"], k["SK"]) in found}
    return cards, binder_items


def snapshot(card: dict) -> dict:
    """The card details a trade line keeps, as they were when the line was offered."""
    return {name: card[name] for name in SNAPSHOT_FIELDS if card.get(name) is not None}


def transfer_actions(plan, cards: dict, now: str) -> tuple[list[dict], list]:
    """The card and binder actions completing a trade, and for each action the entry change it makes.

    ``cards`` holds the givers' entries as just read. A giver's entry that ends at zero is
    deleted under ``quantity = read``; otherwise it is updated under ``quantity > given``
    (or ``>= given`` when it also receives), so an entry never stays at zero and never
    goes negative. A receiver's entry is created or merged with ADD and if_not_exists,
    and may not pass MAX_QUANTITY (the collections ceiling).
    """
    actions: list[dict] = []
    changes: list[EntryChange | None] = []
    for ref, change in plan.entries.items():
        key = wire_key(keys.card_key(change.owner_sub, change.card_id))
        net = change.receives - change.gives
        if change.gives:
            held = cards[ref]["quantity"]
            if not change.receives and held == change.gives:
                actions.append({"Delete": {"TableName": _table(), "Key": key,
                                           "ConditionExpression": "quantity = :held",
                                           "ExpressionAttributeValues": values(held=held)}})
            else:
                condition = f"quantity {'>=' if change.receives else '>'} :gives"
                condition_values = {"gives": change.gives}
                if net > 0:
                    condition += " AND quantity <= :room"
                    condition_values["room"] = MAX_QUANTITY - net
                actions.append({"Update": {
                    "TableName": _table(), "Key": key,
                    "UpdateExpression": "SET updated_at = :now ADD quantity :delta, version :one",
                    "ConditionExpression": condition,
                    "ExpressionAttributeValues": values(now=now, delta=net, one=1, **condition_values),
                }})
        else:
            actions.append(_receive_action(change, cards[change.source], key, now))
        changes.append(change)
    for (sub, binder_id), delta in plan.binder_deltas.items():
        if delta:
            actions.append(binder_count_action(sub, binder_id, delta, now, receiving=delta > 0))
            changes.append(None)
    return actions, changes


def _receive_action(change, source: dict, key: dict, now: str) -> dict:
    """Create the receiver's entry in their default binder, or merge into the identical one.

    The card's details follow from its printing (the same for every entry with this id),
    so they are simply set; notes and created_at are kept when the entry exists.
    """
    details = {name: source.get(name) for name in COPIED_FIELDS}
    details["name_norm"] = details["name_norm"] or (details["name"] or "").casefold()
    details = {name: value for name, value in details.items() if value is not None}
    fixed = {"type": "CARD", "owner_sub": change.owner_sub, "binder_id": keys.DEFAULT_BINDER_ID,
             "card_id": change.card_id, **keys.card_search_keys(change.owner_sub, details["name_norm"], change.card_id),
             **details}
    names = {f"#a{i}": name for i, name in enumerate(fixed)}
    sets = ", ".join(f"#a{i} = :a{i}" for i in range(len(fixed)))
    return {"Update": {
        "TableName": _table(), "Key": key,
        "UpdateExpression": (f"SET {sets}, notes = if_not_exists(notes, :blank), "
                             "created_at = if_not_exists(created_at, :now), updated_at = :now "
                             "ADD quantity :delta, version :one"),
        "ConditionExpression": "attribute_not_exists(quantity) OR quantity <= :room",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": {**values(**{f"a{i}": v for i, v in enumerate(fixed.values())}),
                                      **values(now=now, delta=change.receives, one=1, blank="",
                                               room=MAX_QUANTITY - change.receives)},
    }}
