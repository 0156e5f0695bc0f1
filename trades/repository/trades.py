"""Trade items, their events and the parties' views in the single table.

Writes are returned as TransactWriteItems actions, so every change of a trade
(its item, its event, both views, and on completion the card transfers) goes
into one transaction. Moderation builds its own writes with the same actions:
``trade_update_action``, ``trade_event_action``, ``trade_view_actions``.
"""

import heapq
import json
import re

from django.conf import settings

from tradeapi import aws
from tradeapi.db import keys
from tradeapi.db.cursors import Page, decode_cursor, encode_cursor
from tradeapi.db.items import from_item, to_item, to_wire, values, wire_key
from trades.domain.trades import (
    Offer,
    Party,
    Role,
    Trade,
    TradeEvent,
    TradeLine,
    TradeNotFound,
    TradeStatus,
    TradeView,
)


TRADE_ID = re.compile(r"[0-9a-f]{20}")


def _table() -> str:
    return settings.TABLE_NAME


# --- mapping ------------------------------------------------------------------------


def _line_data(line: TradeLine) -> dict:
    return {"card_id": line.card_id, "quantity": line.quantity, "giver_sub": line.giver_sub, "card": dict(line.card)}


def _line(data: dict) -> TradeLine:
    return TradeLine(card_id=data["card_id"], quantity=data["quantity"], giver_sub=data["giver_sub"],
                     card=data.get("card", {}))


def _offer_data(offer: Offer) -> str:
    """An offer is stored as one JSON string: read and written whole, never queried into."""
    return json.dumps({"made_by": offer.made_by, "message": offer.message,
                       "proposer_gives": [_line_data(x) for x in offer.proposer_gives],
                       "recipient_gives": [_line_data(x) for x in offer.recipient_gives]},
                      separators=(",", ":"), sort_keys=True)


def _offer(text: str) -> Offer:
    data = json.loads(text)
    return Offer(made_by=data["made_by"], message=data.get("message", ""),
                 proposer_gives=tuple(_line(x) for x in data.get("proposer_gives", [])),
                 recipient_gives=tuple(_line(x) for x in data.get("recipient_gives", [])))


def trade_data(trade: Trade) -> dict:
    """The trade item as plain values (keys included)."""
    return {
        **keys.trade_key(trade.trade_id),
        **keys.trade_status_keys(trade.status.value, trade.trade_id, trade.created_at),
        "type": "TRADE",
        "trade_id": trade.trade_id,
        "proposer_sub": trade.proposer.sub,
        "proposer_username": trade.proposer.username,
        "recipient_sub": trade.recipient.sub,
        "recipient_username": trade.recipient.username,
        "status": trade.status.value,
        "offer": _offer_data(trade.offer),
        "version": trade.version,
        "created_at": trade.created_at,
        "updated_at": trade.updated_at,
        "held": trade.held,
        "decline_reason": trade.decline_reason,
        "declined_by": trade.declined_by,
        "declined_by_moderator": trade.declined_by_moderator,
    }


def trade_from_item(item: dict) -> Trade:
    data = from_item(item)
    return Trade(
        trade_id=data["trade_id"],
        proposer=Party(data["proposer_sub"], data["proposer_username"]),
        recipient=Party(data["recipient_sub"], data["recipient_username"]),
        status=TradeStatus(data["status"]),
        offer=_offer(data["offer"]),
        version=data["version"],
        created_at=data["created_at"],
        updated_at=data["updated_at"],
        held=bool(data.get("held", False)),
        decline_reason=data.get("decline_reason", ""),
        declined_by=data.get("declined_by", ""),
        declined_by_moderator=bool(data.get("declined_by_moderator", False)),
    )


def _event_data(event: TradeEvent) -> dict:
    return {
        **keys.trade_event_key(event.trade_id, event.at, event.version),
        "type": "TRADE_EVENT",
        "trade_id": event.trade_id,
        "kind": event.kind,
        "actor_sub": event.actor.sub,
        "actor_username": event.actor.username,
        "at": event.at,
        "version": event.version,
        "status": event.status.value,
        "offer": _offer_data(event.offer),
        "note": event.note,
        "by_moderator": event.by_moderator,
    }


def event_from_item(item: dict) -> TradeEvent:
    data = from_item(item)
    return TradeEvent(
        trade_id=data["trade_id"], kind=data["kind"], actor=Party(data["actor_sub"], data["actor_username"]),
        at=data["at"], version=data["version"], status=TradeStatus(data["status"]), offer=_offer(data["offer"]),
        note=data.get("note", ""), by_moderator=bool(data.get("by_moderator", False)),
    )


def view_from_item(item: dict) -> TradeView:
    data = from_item(item)
    return TradeView(trade_id=data["trade_id"], role=Role(data["role"]), status=TradeStatus(data["status"]),
                     counterparty=data["counterparty"], created_at=data["created_at"], updated_at=data["updated_at"])


# --- write actions ---------------------------------------------------------------------


def trade_create_actions(trade: Trade, event: TradeEvent) -> list[dict]:
    """[trade Put, event Put, proposer view Put, recipient view Put] for a new trade."""
    trade_put = {"Put": {"TableName": _table(), "Item": to_item(trade_data(trade)),
                         "ConditionExpression": "attribute_not_exists(PK)"}}
    views = [{"Put": {"TableName": _table(), "Item": to_item(_view_data(trade, party, role)),
                      "ConditionExpression": "attribute_not_exists(PK)"}} for party, role in _parties(trade)]
    return [trade_put, trade_event_action(event), *views]


def trade_update_action(trade: Trade, *, expected_version: int, expected_status: TradeStatus | None = None,
                        require_not_held: bool = False) -> dict:
    """Replace the trade item with ``trade``, on condition that it is still at ``expected_version``.

    ``trade`` is the new state (normally ``version = expected_version + 1``). Optionally also
    condition on the stored status, and on the trade not being held by a moderator.
    """
    condition = "version = :expected_version"
    condition_values = {"expected_version": expected_version}
    if expected_status is not None:
        condition += " AND #status = :expected_status"
        condition_values["expected_status"] = expected_status.value
    if require_not_held:
        condition += " AND (attribute_not_exists(held) OR held = :not_held)"
        condition_values["not_held"] = False
    action = {"Put": {"TableName": _table(), "Item": to_item(trade_data(trade)), "ConditionExpression": condition,
                      "ExpressionAttributeValues": values(**condition_values),
                      "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
    if expected_status is not None:
        action["Put"]["ExpressionAttributeNames"] = {"#status": "status"}
    return action


def trade_event_action(event: TradeEvent) -> dict:
    """Put an event; events are never overwritten."""
    return {"Put": {"TableName": _table(), "Item": to_item(_event_data(event)),
                    "ConditionExpression": "attribute_not_exists(PK)"}}


def _view_data(trade: Trade, party: Party, role: Role) -> dict:
    return {
        **keys.trade_view_key(party.sub, trade.created_at, trade.trade_id),
        **keys.trade_view_index_keys(party.sub, role.value, trade.status.value, trade.created_at, trade.trade_id),
        "type": "TRADE_VIEW", "trade_id": trade.trade_id, "role": role.value, "status": trade.status.value,
        "counterparty": trade.other(party.sub).username, "created_at": trade.created_at,
        "updated_at": trade.updated_at,
    }


def _parties(trade: Trade) -> tuple:
    return (trade.proposer, Role.PROPOSER), (trade.recipient, Role.RECIPIENT)


def trade_view_actions(trade: Trade) -> list[dict]:
    """Rewrite both parties' views to match ``trade`` (status, status index, updated_at)."""
    return [{"Put": {"TableName": _table(), "Item": to_item(_view_data(trade, party, role)),
                     "ConditionExpression": "attribute_exists(PK)"}} for party, role in _parties(trade)]


def trade_transition_actions(trade: Trade, event: TradeEvent, *, expected_version: int,
                             expected_status: TradeStatus, require_not_held: bool = False) -> list[dict]:
    """[trade update, event Put, two view Updates]: index 0 is the trade's condition."""
    return [trade_update_action(trade, expected_version=expected_version, expected_status=expected_status,
                                require_not_held=require_not_held),
            trade_event_action(event), *trade_view_actions(trade)]


# --- reads ----------------------------------------------------------------------------


def trade_after_conflict(trade_id: str, reason: dict | None) -> Trade:
    """The trade as it stood when a conditional write on it failed (from the cancellation reason if given)."""
    item = (reason or {}).get("Item")
    return trade_from_item(item) if item and "trade_id" in item else trade_get(trade_id)


def trade_get(trade_id: str) -> Trade:
    """The trade, read strongly consistently; TradeNotFound if there is none."""
    if not TRADE_ID.fullmatch(trade_id or ""):
        raise TradeNotFound()  # not an id we could have issued (and never a key DynamoDB would refuse)
    item = aws.dynamodb().get_item(TableName=_table(), Key=wire_key(keys.trade_key(trade_id)),
                                   ConsistentRead=True).get("Item")
    if item is None:
        raise TradeNotFound()
    return trade_from_item(item)


def trade_events(trade_id: str, *, cursor: str | None = None, limit: int = 100) -> Page:
    """The trade's events, oldest first (one Query per page)."""
    scope = f"trade-events:{trade_id}"
    kwargs = {"TableName": _table(), "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
              "ExpressionAttributeValues": values(pk=keys.trade_pk(trade_id), prefix=keys.trade_events_prefix()),
              "Limit": limit, "ConsistentRead": True}
    start = decode_cursor(cursor, scope=scope)
    if start:
        kwargs["ExclusiveStartKey"] = start
    response = aws.dynamodb().query(**kwargs)
    return Page([event_from_item(i) for i in response.get("Items", [])],
                encode_cursor(response.get("LastEvaluatedKey"), scope=scope))


def trade_views(sub: str, *, status: TradeStatus | None = None, role: Role | None = None,
                cursor: str | None = None, limit: int = 50) -> Page:
    """A trader's trades, newest first: one Query per page.

    No filter: the trader's partition. By role: GSI1. By status: GSI2. By both: GSI2
    filtered on role (a page may then hold fewer than ``limit`` rows; follow ``next``).
    """
    scope = f"my-trades:{sub}:{status.value if status else ''}:{role.value if role else ''}"
    kwargs: dict = {"TableName": _table(), "ScanIndexForward": False, "Limit": limit}
    if status is not None:
        kwargs.update(IndexName="GSI2", KeyConditionExpression="GSI2PK = :pk",
                      ExpressionAttributeValues=values(pk=keys.my_trades_by_status_pk(sub, status.value)))
        if role is not None:
            kwargs["FilterExpression"] = "#role = :role"
            kwargs["ExpressionAttributeNames"] = {"#role": "role"}
            kwargs["ExpressionAttributeValues"].update(values(role=role.value))
    elif role is not None:
        kwargs.update(IndexName="GSI1", KeyConditionExpression="GSI1PK = :pk",
                      ExpressionAttributeValues=values(pk=keys.my_trades_by_role_pk(sub, role.value)))
    else:
        kwargs.update(KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
                      ExpressionAttributeValues=values(pk=keys.user_pk(sub), prefix=keys.trade_views_prefix()))
    start = decode_cursor(cursor, scope=scope)
    if start:
        kwargs["ExclusiveStartKey"] = start
    response = aws.dynamodb().query(**kwargs)
    return Page([view_from_item(i) for i in response.get("Items", [])],
                encode_cursor(response.get("LastEvaluatedKey"), scope=scope))


def trades_by_status(status: TradeStatus | str, cursor: str | None = None, limit: int = 50, *,
                     created_before: str | None = None) -> Page:
    """Trades in ``status``, newest first (by created_at), from the sharded GSI1.

    One Query per shard (``keys.TRADE_STATUS_SHARDS``), merged by sort key; the cursor
    is the last sort key returned, so the next page asks every shard for older ones.
    ``created_before`` (an ISO time) keeps only trades created before it. GSI reads are
    eventually consistent: never use this to read back a trade written in the same flow.
    """
    status = TradeStatus(status)
    scope = f"trades-by-status:{status.value}"
    start = decode_cursor(cursor, scope=scope)
    upper = start["GSI1SK"]["S"] if start and "GSI1SK" in start else None
    if created_before is not None and (upper is None or created_before < upper):
        upper = created_before
    streams = []
    more = False
    for shard in range(keys.TRADE_STATUS_SHARDS):
        kwargs = {"TableName": _table(), "IndexName": "GSI1", "ScanIndexForward": False, "Limit": limit,
                  "KeyConditionExpression": "GSI1PK = :pk",
                  "ExpressionAttributeValues": values(pk=keys.trade_status_pk(status.value, shard))}
        if upper is not None:
            kwargs["KeyConditionExpression"] += " AND GSI1SK < :upper"
            kwargs["ExpressionAttributeValues"].update(values(upper=upper))
        response = aws.dynamodb().query(**kwargs)
        items = response.get("Items", [])
        more = more or "LastEvaluatedKey" in response
        streams.append([(i["GSI1SK"]["S"], i) for i in items])
    merged = list(heapq.merge(*streams, key=lambda pair: pair[0], reverse=True))
    page, rest = merged[:limit], merged[limit:]
    next_cursor = None
    if page and (rest or more):
        next_cursor = encode_cursor({"GSI1SK": to_wire(page[-1][0])}, scope=scope)
    return Page([trade_from_item(item) for _, item in page], next_cursor)
