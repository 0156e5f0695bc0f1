"""Binders in the single table: items, name claims, listings and the transactions that keep them exact."""

from dataclasses import replace

from django.conf import settings

from accounts.repository import profile_counter_action
from tradeapi import aws
from tradeapi.db import keys
from tradeapi.db.cursors import Page, decode_cursor, encode_cursor
from tradeapi.db.items import from_item, to_item, values, wire_key
from tradeapi.db.transactions import TransactionConflict, transact_write
from binders.domain.binders import Binder, BinderChanging, BinderNameTaken, BinderNotEmpty, BinderNotFound, Visibility

BINDER_FIELDS = ("owner_sub", "binder_id", "name", "description", "visibility", "is_default", "card_count",
                 "created_at", "updated_at", "version", "deleting")



def _table() -> str:
    return settings.TABLE_NAME


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


def binder_get(owner_sub: str, binder_id: str) -> Binder:
    """One binder of ``owner_sub`` (strongly consistent GetItem); BinderNotFound when there is none."""
    item = aws.dynamodb().get_item(TableName=_table(), Key=wire_key(keys.binder_key(owner_sub, binder_id)),
                                   ConsistentRead=True).get("Item")
    if item is None:
        raise BinderNotFound()
    return binder_from_item(item)


def binder_list(owner_sub: str, *, cursor: str | None, limit: int, tradeable_only: bool = False) -> Page:
    """One page of a trader's binders (one Query), ordered by id; optionally only the tradeable ones."""
    scope = f"binders|{owner_sub}|{tradeable_only}"
    query = {
        "TableName": _table(),
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": values(pk=keys.user_pk(owner_sub), prefix=keys.BINDER),
        "Limit": limit,
        "ConsistentRead": True,  # a binder just created or renamed is listed at once
    }
    if tradeable_only:
        query["FilterExpression"] = "visibility = :tradeable"
        query["ExpressionAttributeValues"].update(values(tradeable=Visibility.TRADEABLE.value))
    start = decode_cursor(cursor, scope=scope)
    if start:
        query["ExclusiveStartKey"] = start
    response = aws.dynamodb().query(**query)
    return Page([binder_from_item(i) for i in response.get("Items", [])],
                encode_cursor(response.get("LastEvaluatedKey"), scope=scope))


def binder_add(binder: Binder) -> None:
    """Create a binder, claim its name and count it on the profile, in one transaction."""
    actions = [
        {"Put": {"TableName": _table(), "Item": to_item(_binder_item(binder)),
                 "ConditionExpression": "attribute_not_exists(PK)"}},
        {"Put": {"TableName": _table(), "Item": to_item(_claim_item(binder, binder.name)),
                 "ConditionExpression": "attribute_not_exists(PK)"}},
        profile_counter_action(binder.owner_sub, "binder_count", 1),
    ]
    try:
        transact_write(actions)
    except TransactionConflict as exc:
        if 1 in exc.failed:
            raise BinderNameTaken(details={"name": ["You already have a binder with this name."]}) from exc
        raise BinderChanging() from exc


def binder_update(binder: Binder, changes: dict, now: str) -> Binder:
    """Set name, description and/or visibility. A new name moves the name claim in the same transaction.

    ``binder`` is the binder as just read; the write is conditioned on its name, so a
    concurrent rename makes this raise BinderChanging (the caller reads again and retries).
    """
    changes = {name: (value.value if isinstance(value, Visibility) else value) for name, value in changes.items()}
    names = {f"#{field}": field for field in changes} | {"#name": "name"}
    sets = ", ".join([f"#{field} = :{field}" for field in changes] + ["updated_at = :now"])
    update = {
        "TableName": _table(),
        "Key": wire_key(keys.binder_key(binder.owner_sub, binder.binder_id)),
        "UpdateExpression": f"SET {sets} ADD version :one",
        "ConditionExpression": "attribute_exists(PK) AND #name = :old_name",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values(**changes, now=now, one=1, old_name=binder.name),
    }
    new_name = changes.get("name")
    if new_name is None or new_name.casefold() == binder.name.casefold():
        try:
            response = aws.dynamodb().update_item(**update, ReturnValues="ALL_NEW")
        except aws.dynamodb().exceptions.ConditionalCheckFailedException as exc:
            raise BinderChanging() from exc
        return binder_from_item(response["Attributes"])
    renamed = replace(binder, name=new_name)
    actions = [
        {"Update": update},
        {"Delete": {"TableName": _table(), "Key": wire_key(keys.binder_name_claim_key(binder.owner_sub, binder.name)),
                    "ConditionExpression": "binder_id = :id",
                    "ExpressionAttributeValues": values(id=binder.binder_id)}},
        {"Put": {"TableName": _table(), "Item": to_item(_claim_item(renamed, new_name)),
                 "ConditionExpression": "attribute_not_exists(PK)"}},
    ]
    try:
        transact_write(actions)
    except TransactionConflict as exc:
        if 2 in exc.failed and 0 not in exc.failed:
            raise BinderNameTaken(details={"name": ["You already have a binder with this name."]}) from exc
        raise BinderChanging() from exc
    return replace(binder, **{**changes, "visibility": Visibility(changes.get("visibility", binder.visibility)),
                              "updated_at": now, "version": binder.version + 1})


def binder_delete(binder: Binder, card_deletes: list[dict] = ()) -> None:
    """Delete the binder, its name claim and the given card deletes, and uncount it, in one transaction.

    The binder's delete is conditioned on its version (every card change bumps it), so a
    card added, removed or moved meanwhile makes this raise BinderChanging. With no card
    deletes, it is also conditioned on card_count = 0 (BinderNotEmpty otherwise).
    """
    condition = "version = :version"
    if not card_deletes:
        condition += " AND card_count = :zero"
    actions = [
        *card_deletes,
        {"Delete": {"TableName": _table(), "Key": wire_key(keys.binder_key(binder.owner_sub, binder.binder_id)),
                    "ConditionExpression": condition,
                    "ExpressionAttributeValues": values(version=binder.version,
                                                        **({} if card_deletes else {"zero": 0}))}},
        {"Delete": {"TableName": _table(), "Key": wire_key(keys.binder_name_claim_key(binder.owner_sub, binder.name))}},
        profile_counter_action(binder.owner_sub, "binder_count", -1),
    ]
    try:
        transact_write(actions)
    except TransactionConflict as exc:
        if not card_deletes and binder.card_count > 0:
            raise BinderNotEmpty() from exc
        raise BinderChanging() from exc


def binder_mark_deleting(binder: Binder, now: str) -> Binder:
    """Flag a binder whose force delete spans several transactions: no card may enter it from now on."""
    try:
        response = aws.dynamodb().update_item(
            TableName=_table(), Key=wire_key(keys.binder_key(binder.owner_sub, binder.binder_id)),
            UpdateExpression="SET deleting = :true, updated_at = :now ADD version :one",
            ConditionExpression="version = :version",
            ExpressionAttributeValues=values(true=True, now=now, one=1, version=binder.version),
            ReturnValues="ALL_NEW",
        )
    except aws.dynamodb().exceptions.ConditionalCheckFailedException as exc:
        raise BinderChanging() from exc
    return binder_from_item(response["Attributes"])


def binder_count_action(owner_sub: str, binder_id: str, delta: int, now: str, *, receiving: bool = False) -> dict:
    """A TransactWriteItems Update adding ``delta`` to a binder's card_count (and bumping its version).

    The binder must exist; when ``receiving``, it must also not be under a force delete.
    """
    condition = "attribute_exists(PK)"
    if receiving:
        condition += " AND attribute_not_exists(deleting)"
    return {"Update": {
        "TableName": _table(), "Key": wire_key(keys.binder_key(owner_sub, binder_id)),
        "UpdateExpression": "SET updated_at = :now ADD card_count :delta, version :one",
        "ConditionExpression": condition,
        "ExpressionAttributeValues": values(now=now, delta=delta, one=1),
    }}
