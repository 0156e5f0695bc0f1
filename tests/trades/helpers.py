"""Helpers for the trade tests: cards and binders written per the data-model contract, and trade calls."""

from django.conf import settings

from binders.services.binders import new_binder_id
from tradeapi import aws, clock
from tradeapi.db import keys
from tradeapi.db.items import from_item, to_item, values
from tradeapi.db.transactions import transact_write


def _wire(plain: dict) -> dict:
    return {k: {"S": v} for k, v in plain.items()}


def make_binder(sub: str, name: str | None = None, visibility: str = "tradeable") -> str:
    """A binder item and its name claim, as the collections contract lays them out."""
    binder_id = new_binder_id()
    name = name or f"binder {binder_id}"
    now = clock.now_iso()
    binder = {
        **keys.binder_key(sub, binder_id),
        "type": "BINDER",
        "owner_sub": sub,
        "binder_id": binder_id,
        "name": name,
        "description": "",
        "visibility": visibility,
        "is_default": False,
        "card_count": 0,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    claim = {**keys.binder_name_claim_key(sub, name), "type": "BINDERNAME", "binder_id": binder_id}
    transact_write(
        [
            {
                "Put": {
                    "TableName": settings.TABLE_NAME,
                    "Item": to_item(item),
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            }
            for item in (binder, claim)
        ]
    )
    return binder_id


def add_card(
    sub: str,
    binder_id: str,
    quantity: int = 1,
    *,
    set_code: str = "M21",
    number: str = "1",
    finish: str = "nonfoil",
    condition: str = "NM",
    language: str = "en",
    name: str | None = None,
) -> str:
    """Add ``quantity`` of a printing to a binder (merging), keeping card_count exact, in one transaction."""
    card_id = keys.card_id(binder_id, set_code, number, finish, condition, language)
    name = name or f"Card {set_code} {number}"
    now = clock.now_iso()
    attrs = {
        "type": "CARD",
        "owner_sub": sub,
        "binder_id": binder_id,
        "card_id": card_id,
        "name": name,
        "name_norm": name.casefold(),
        "set_code": set_code,
        "collector_number": number,
        "scryfall_id": f"sf-{set_code}-{number}",
        "finish": finish,
        "condition": condition,
        "language": language,
        "notes": "",
        "created_at": now,
        **keys.card_search_keys(sub, name.casefold(), card_id),
    }
    names = {f"#a{i}": k for i, k in enumerate(attrs)}
    sets = ", ".join(f"#a{i} = if_not_exists(#a{i}, :a{i})" for i in range(len(attrs)))
    transact_write(
        [
            {
                "Update": {
                    "TableName": settings.TABLE_NAME,
                    "Key": _wire(keys.card_key(sub, card_id)),
                    "UpdateExpression": f"SET {sets}, updated_at = :now ADD quantity :q",
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": {
                        **values(**{f"a{i}": v for i, v in enumerate(attrs.values())}),
                        **values(now=now, q=quantity),
                    },
                }
            },
            {
                "Update": {
                    "TableName": settings.TABLE_NAME,
                    "Key": _wire(keys.binder_key(sub, binder_id)),
                    "UpdateExpression": "ADD card_count :q",
                    "ConditionExpression": "attribute_exists(PK)",
                    "ExpressionAttributeValues": values(q=quantity),
                }
            },
        ]
    )
    return card_id


def remove_card(sub: str, card_id: str, quantity: int) -> bool:
    """Take ``quantity`` out of an entry (deleting it at zero); False when it does not hold that many."""
    item = get_card(sub, card_id)
    if not item or item["quantity"] < quantity:
        return False
    binder_key = _wire(keys.binder_key(sub, keys.binder_id_of_card(card_id)))
    if item["quantity"] == quantity:
        card_action = {
            "Delete": {
                "TableName": settings.TABLE_NAME,
                "Key": _wire(keys.card_key(sub, card_id)),
                "ConditionExpression": "quantity = :q",
                "ExpressionAttributeValues": values(q=quantity),
            }
        }
    else:
        card_action = {
            "Update": {
                "TableName": settings.TABLE_NAME,
                "Key": _wire(keys.card_key(sub, card_id)),
                "UpdateExpression": "ADD quantity :d",
                "ConditionExpression": "quantity > :q",
                "ExpressionAttributeValues": values(d=-quantity, q=quantity),
            }
        }
    transact_write(
        [
            card_action,
            {
                "Update": {
                    "TableName": settings.TABLE_NAME,
                    "Key": binder_key,
                    "UpdateExpression": "ADD card_count :d",
                    "ExpressionAttributeValues": values(d=-quantity),
                }
            },
        ]
    )
    return True


def get_card(sub: str, card_id: str) -> dict | None:
    item = (
        aws.dynamodb()
        .get_item(TableName=settings.TABLE_NAME, Key=_wire(keys.card_key(sub, card_id)), ConsistentRead=True)
        .get("Item")
    )
    return from_item(item) if item else None


def quantity(sub: str, card_id: str) -> int:
    card = get_card(sub, card_id)
    return card["quantity"] if card else 0


def _query_all(**kwargs) -> list[dict]:
    items, start = [], None
    while True:
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = aws.dynamodb().query(TableName=settings.TABLE_NAME, ConsistentRead=True, **kwargs)
        items += [from_item(i) for i in response.get("Items", [])]
        start = response.get("LastEvaluatedKey")
        if not start:
            return items


def card_entries(sub: str) -> list[dict]:
    return _query_all(
        KeyConditionExpression="PK = :pk AND begins_with(SK, :p)",
        ExpressionAttributeValues=values(pk=keys.user_pk(sub), p=keys.CARD),
    )


def binders(sub: str) -> list[dict]:
    return _query_all(
        KeyConditionExpression="PK = :pk AND begins_with(SK, :p)",
        ExpressionAttributeValues=values(pk=keys.user_pk(sub), p=keys.BINDER),
    )


def binder_card_count(sub: str, binder_id: str) -> int:
    return next(b["card_count"] for b in binders(sub) if b["binder_id"] == binder_id)


def lines(*pairs) -> list[dict]:
    return [{"card_id": card_id, "quantity": q} for card_id, q in pairs]


def propose(trader, recipient, offered=(), requested=(), message=""):
    return trader.client.post(
        "/api/trades/",
        {
            "recipient": recipient.username,
            "offered": lines(*offered),
            "requested": lines(*requested),
            "message": message,
        },
        format="json",
    )


def act(trader, trade_id, action, **body):
    return trader.client.post(f"/api/trades/{trade_id}/{action}", body, format="json")
