"""TransactWriteItems actions, built one way: put, update, delete, with their conditions.

``key`` arguments are plain keys from ``keys`` ({"PK": ..., "SK": ...}); ``item`` is plain
values (keys included); ``values`` are plain values named without the colon.
"""

from tradeapi.db import table
from tradeapi.db.items import to_item, wire_key
from tradeapi.db.items import values as wire_values

NEW = "attribute_not_exists(PK)"
EXISTS = "attribute_exists(PK)"


def _expression(body: dict, condition: str | None, values: dict | None, names: dict | None) -> dict:
    if condition:
        body["ConditionExpression"] = condition
    if values:
        body["ExpressionAttributeValues"] = {**body.get("ExpressionAttributeValues", {}), **wire_values(**values)}
    if names:
        body["ExpressionAttributeNames"] = names
    return body


def put(
    item: dict,
    *,
    condition: str | None = NEW,
    values: dict | None = None,
    names: dict | None = None,
    return_old_on_failure: bool = False,
) -> dict:
    """Put ``item``; by default only if no item has its key yet."""
    body = {"TableName": table.name(), "Item": to_item(item)}
    if return_old_on_failure:
        body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    return {"Put": _expression(body, condition, values, names)}


def update(
    key: dict[str, str],
    expression: str,
    *,
    condition: str | None = EXISTS,
    values: dict | None = None,
    names: dict | None = None,
) -> dict:
    """UpdateItem ``expression`` on ``key``; by default only if the item exists."""
    body = {"TableName": table.name(), "Key": wire_key(key), "UpdateExpression": expression}
    return {"Update": _expression(body, condition, values, names)}


def delete(
    key: dict[str, str], *, condition: str | None = None, values: dict | None = None, names: dict | None = None
) -> dict:
    body = {"TableName": table.name(), "Key": wire_key(key)}
    return {"Delete": _expression(body, condition, values, names)}


def set_fields(fields: dict, *, prefix: str = "f", if_missing: bool = False) -> tuple[str, dict, dict]:
    """``SET #f0 = :f0, ...`` for arbitrary attribute names → (clause, names, values).

    With ``if_missing`` each is ``if_not_exists(#f0, :f0)``: set only on a new item.
    """
    names = {f"#{prefix}{i}": field for i, field in enumerate(fields)}
    value_of = (lambda i: f"if_not_exists(#{prefix}{i}, :{prefix}{i})") if if_missing else (lambda i: f":{prefix}{i}")
    clause = ", ".join(f"#{prefix}{i} = {value_of(i)}" for i in range(len(fields)))
    return clause, names, {f"{prefix}{i}": value for i, value in enumerate(fields.values())}
