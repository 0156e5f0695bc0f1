"""Binders in the single table: items, name claims, listings and the transactions that keep them exact."""

from dataclasses import replace

from accounts import repository as profiles
from binders.domain.binders import Binder, BinderChanging, BinderNameTaken, BinderNotEmpty, BinderNotFound, Visibility
from tradeapi.db import actions, keys, table
from tradeapi.db.items import from_item, values
from tradeapi.db.transactions import ConflictHandler, Failure, Transaction
from tradeapi.paging import Page

BINDER_FIELDS = (
    "owner_sub",
    "binder_id",
    "name",
    "description",
    "visibility",
    "is_default",
    "card_count",
    "created_at",
    "updated_at",
    "version",
    "deleting",
)
DEFAULT_BINDER_NAME = "Default"
DEFAULT_BINDER_DESCRIPTION = "Cards you receive in trades land here."


def binder_from_item(item: dict) -> Binder:
    """A DynamoDB item (wire format) → Binder."""
    data = from_item(item)
    fields = {name: data[name] for name in BINDER_FIELDS if name in data}
    fields["visibility"] = Visibility(fields.get("visibility", "private"))
    return Binder(**fields)


def _binder_item(binder: Binder) -> dict:
    data = {name: getattr(binder, name) for name in BINDER_FIELDS if name != "deleting"}
    data["visibility"] = binder.visibility.value
    return {**keys.binder_key(binder.owner_sub, binder.binder_id), "type": "BINDER", **data}


def _claim_item(binder: Binder, name: str) -> dict:
    return {**keys.binder_name_claim_key(binder.owner_sub, name), "type": "BINDERNAME", "binder_id": binder.binder_id}


def _name_taken(failures: list[Failure]) -> Exception:
    return BinderNameTaken(details={"name": ["You already have a binder with this name."]})


def _changing(failures: list[Failure]) -> Exception:
    return BinderChanging()


def binder_get(owner_sub: str, binder_id: str) -> Binder:
    """One binder of ``owner_sub`` (strongly consistent GetItem); BinderNotFound when there is none."""
    item = table.get_item(keys.binder_key(owner_sub, binder_id))
    if item is None:
        raise BinderNotFound()
    return binder_from_item(item)


def binder_list(owner_sub: str, *, cursor: str | None, limit: int, tradeable_only: bool = False) -> Page:
    """One page of a trader's binders (one Query), ordered by id; optionally only the tradeable ones."""
    query = {
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": values(pk=keys.user_pk(owner_sub), prefix=keys.BINDER),
        "Limit": limit,
        "ConsistentRead": True,  # a binder just created or renamed is listed at once
    }
    if tradeable_only:
        query["FilterExpression"] = "visibility = :tradeable"
        query["ExpressionAttributeValues"].update(values(tradeable=Visibility.TRADEABLE.value))
    return table.query_page(
        query, scope=f"binders|{owner_sub}|{tradeable_only}", cursor=cursor, mapper=binder_from_item
    )


def binder_add(binder: Binder) -> None:
    """Create a binder, claim its name and count it on the profile, in one transaction.

    BinderNameTaken when the owner has a binder of that name (any case); else BinderChanging.
    """
    tx = Transaction()
    tx.add(actions.put(_claim_item(binder, binder.name)), on_conflict=_name_taken)
    tx.add(actions.put(_binder_item(binder)), on_conflict=_changing)
    profiles.add_counter(tx, binder.owner_sub, "binder_count", 1, on_conflict=_changing)
    tx.commit()


def add_default_binder(tx: Transaction, sub: str, now: str) -> dict[str, int]:
    """Add a new trader's default binder (where traded cards land) to their profile's transaction."""
    binder = Binder(
        owner_sub=sub,
        binder_id=keys.DEFAULT_BINDER_ID,
        name=DEFAULT_BINDER_NAME,
        description=DEFAULT_BINDER_DESCRIPTION,
        visibility=Visibility.PRIVATE,
        is_default=True,
        card_count=0,
        created_at=now,
        updated_at=now,
        version=1,
    )
    tx.add(actions.put(_binder_item(binder)))
    tx.add(actions.put(_claim_item(binder, binder.name)))
    return {"binder_count": 1}


def binder_update(binder: Binder, changes: dict, now: str) -> Binder:
    """Set name, description and/or visibility. A new name moves the name claim in the same transaction.

    ``binder`` is the binder as just read; the write is conditioned on its name, so a
    concurrent rename makes this raise BinderChanging (the caller reads again and retries).
    """
    changes = {name: (value.value if isinstance(value, Visibility) else value) for name, value in changes.items()}
    sets = ", ".join([f"#{field} = :{field}" for field in changes] + ["updated_at = :now"])
    update = actions.update(
        keys.binder_key(binder.owner_sub, binder.binder_id),
        f"SET {sets} ADD version :one",
        condition="attribute_exists(PK) AND #name = :old_name",
        values={**changes, "now": now, "one": 1, "old_name": binder.name},
        names={f"#{field}": field for field in changes} | {"#name": "name"},
    )
    new_name = changes.get("name")
    if new_name is None or new_name.casefold() == binder.name.casefold():
        updated = table.update_item(update)
        if updated is None:
            raise BinderChanging()
        return binder_from_item(updated)
    renamed = replace(binder, name=new_name)
    tx = Transaction()
    tx.add(update, on_conflict=_changing)
    tx.add(actions.put(_claim_item(renamed, new_name)), on_conflict=_name_taken)
    tx.add(
        actions.delete(
            keys.binder_name_claim_key(binder.owner_sub, binder.name),
            condition="binder_id = :id",
            values={"id": binder.binder_id},
        ),
        on_conflict=_changing,
    )
    tx.commit()
    return replace(
        binder,
        **{
            **changes,
            "visibility": Visibility(changes.get("visibility", binder.visibility)),
            "updated_at": now,
            "version": binder.version + 1,
        },
    )


def add_binder_delete(tx: Transaction, binder: Binder, *, require_empty: bool, on_conflict: ConflictHandler) -> None:
    """Delete the binder (as read: conditioned on its version, and on card_count = 0 when
    ``require_empty``) and its name claim, and uncount it on the profile."""
    condition = "version = :version" + (" AND card_count = :zero" if require_empty else "")
    tx.add(
        actions.delete(
            keys.binder_key(binder.owner_sub, binder.binder_id),
            condition=condition,
            values={"version": binder.version, **({"zero": 0} if require_empty else {})},
        ),
        on_conflict=on_conflict,
    )
    tx.add(actions.delete(keys.binder_name_claim_key(binder.owner_sub, binder.name)), on_conflict=on_conflict)
    profiles.add_counter(tx, binder.owner_sub, "binder_count", -1, on_conflict=on_conflict)


def binder_delete(binder: Binder) -> None:
    """Delete an empty binder (as read), its name claim and its count on the profile, in one transaction.

    Conditioned on its version (every card change bumps it) and card_count = 0:
    BinderNotEmpty when it was read with cards, else BinderChanging (read again and retry).
    """
    tx = Transaction()
    add_binder_delete(
        tx,
        binder,
        require_empty=True,
        on_conflict=lambda failures: BinderNotEmpty() if binder.card_count > 0 else BinderChanging(),
    )
    tx.commit()


def binder_mark_deleting(binder: Binder, now: str) -> Binder:
    """Flag a binder whose force delete spans several transactions: no card may enter it from now on."""
    updated = table.update_item(
        actions.update(
            keys.binder_key(binder.owner_sub, binder.binder_id),
            "SET deleting = :true, updated_at = :now ADD version :one",
            condition="version = :version",
            values={"true": True, "now": now, "one": 1, "version": binder.version},
        )
    )
    if updated is None:
        raise BinderChanging()
    return binder_from_item(updated)


def add_card_count(
    tx: Transaction,
    owner_sub: str,
    binder_id: str,
    delta: int,
    now: str,
    *,
    on_conflict: ConflictHandler,
    receiving: bool = False,
) -> None:
    """Add ``delta`` to a binder's card_count (and bump its version) in ``tx``.

    The binder must exist; when ``receiving``, it must also not be under a force delete.
    """
    condition = "attribute_exists(PK)" + (" AND attribute_not_exists(deleting)" if receiving else "")
    tx.add(
        actions.update(
            keys.binder_key(owner_sub, binder_id),
            "SET updated_at = :now ADD card_count :delta, version :one",
            condition=condition,
            values={"now": now, "delta": delta, "one": 1},
        ),
        on_conflict=on_conflict,
    )
