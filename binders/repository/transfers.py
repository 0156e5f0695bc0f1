"""Moving card entries between traders: the reads a trade checks, and the writes that complete it.

Trades plans the transfer (quantities netted per card entry and per binder) and owns the
transaction; this module adds one action per card entry and per binder to it.
"""

from collections.abc import Iterable

from binders.domain.binders import Binder
from binders.domain.cards import MAX_QUANTITY, CardEntry, normalize_name
from binders.repository.binders import add_card_count, binder_from_item
from binders.repository.cards import card_from_item, entry_delete
from tradeapi.db import actions, keys, table
from tradeapi.db.transactions import ConflictHandler, Transaction

COPIED_FIELDS = (
    "name",
    "name_norm",
    "set_code",
    "collector_number",
    "scryfall_id",
    "oracle_id",
    "rarity",
    "image",
    "finish",
    "condition",
    "language",
)


def entries_and_binders(
    entries: list[tuple[str, str]], binders: list[tuple[str, str]] = ()
) -> tuple[dict[tuple[str, str], CardEntry], dict[tuple[str, str], Binder]]:
    """Card entries {(owner_sub, card_id): CardEntry} and binders {(owner_sub, binder_id): Binder},
    those that exist, in one strongly consistent BatchGetItem."""
    card_keys = {ref: keys.card_key(*ref) for ref in entries}
    binder_keys = {ref: keys.binder_key(*ref) for ref in binders}
    found = table.batch_get([*card_keys.values(), *binder_keys.values()])

    def item(key: dict) -> dict | None:
        return found.get((key["PK"], key["SK"]))

    return (
        {ref: card_from_item(item(key)) for ref, key in card_keys.items() if item(key)},
        {ref: binder_from_item(item(key)) for ref, key in binder_keys.items() if item(key)},
    )


def add_transfer(
    tx: Transaction,
    changes: Iterable,
    binder_deltas: dict[tuple[str, str], int],
    held: dict[tuple[str, str], CardEntry],
    now: str,
    *,
    on_conflict: ConflictHandler,
) -> None:
    """Add to ``tx`` one action per card entry change (tagged with the change) and one per
    non-zero binder delta (tagged None).

    ``changes`` have owner_sub, card_id, gives, receives and source (the giver's entry to
    copy details from); ``held`` holds the givers' entries as just read. A giver's entry
    that ends at zero is deleted under ``quantity = read``; otherwise it is updated under
    ``quantity > given`` (or ``>= given`` when it also receives), so an entry never stays
    at zero and never goes negative. A receiver's entry is created or merged, and may not
    pass MAX_QUANTITY.
    """
    for change in changes:
        tx.add(_entry_action(change, held, now), on_conflict=on_conflict, tag=change)
    for (sub, binder_id), delta in binder_deltas.items():
        if delta:
            add_card_count(tx, sub, binder_id, delta, now, receiving=delta > 0, on_conflict=on_conflict)


def _entry_action(change, held: dict[tuple[str, str], CardEntry], now: str) -> dict:
    key = keys.card_key(change.owner_sub, change.card_id)
    if not change.gives:
        return _receive(change, held[change.source], key, now)
    net = change.receives - change.gives
    entry = held[(change.owner_sub, change.card_id)]
    if not change.receives and entry.quantity == change.gives:
        return entry_delete(entry)
    condition = f"quantity {'>=' if change.receives else '>'} :gives"
    room = {}
    if net > 0:
        condition += " AND quantity <= :room"
        room["room"] = MAX_QUANTITY - net
    return actions.update(
        key,
        "SET updated_at = :now ADD quantity :delta, version :one",
        condition=condition,
        values={"now": now, "delta": net, "one": 1, "gives": change.gives, **room},
    )


def _receive(change, source: CardEntry, key: dict, now: str) -> dict:
    """Create the receiver's entry in their default binder, or merge into the identical one.

    The card's details follow from its printing (the same for every entry with this id),
    so they are simply set; notes and created_at are kept when the entry exists.
    """
    details = {name: getattr(source, name) for name in COPIED_FIELDS}
    details.update(
        finish=source.finish.value,
        condition=source.condition.value,
        name_norm=source.name_norm or normalize_name(source.name),
    )
    fixed = {
        "type": "CARD",
        "owner_sub": change.owner_sub,
        "binder_id": keys.DEFAULT_BINDER_ID,
        "card_id": change.card_id,
        **keys.card_search_keys(change.owner_sub, details["name_norm"], change.card_id),
        **{name: value for name, value in details.items() if value is not None},
    }
    clause, names, fields = actions.set_fields(fixed, prefix="a")
    return actions.update(
        key,
        (
            f"SET {clause}, notes = if_not_exists(notes, :blank), created_at = if_not_exists(created_at, :now), "
            "updated_at = :now ADD quantity :delta, version :one"
        ),
        condition="attribute_not_exists(quantity) OR quantity <= :room",
        names=names,
        values={
            **fields,
            "now": now,
            "delta": change.receives,
            "one": 1,
            "blank": "",
            "room": MAX_QUANTITY - change.receives,
        },
    )
