"""Trade items ↔ domain objects: the trade, its events and the parties' views (keys from tradeapi.db.keys)."""

import json

from tradeapi.db import keys
from tradeapi.db.items import from_item
from trades.domain.offers import Offer, TradeLine
from trades.domain.trades import Party, Role, Trade, TradeEvent, TradeStatus, TradeView


def _line_data(line: TradeLine) -> dict:
    return {"card_id": line.card_id, "quantity": line.quantity, "giver_sub": line.giver_sub, "card": dict(line.card)}


def _line(data: dict) -> TradeLine:
    return TradeLine(
        card_id=data["card_id"], quantity=data["quantity"], giver_sub=data["giver_sub"], card=data.get("card", {})
    )


def _offer_data(offer: Offer) -> str:
    """An offer is stored as one JSON string: read and written whole, never queried into."""
    return json.dumps(
        {
            "made_by": offer.made_by,
            "message": offer.message,
            "proposer_gives": [_line_data(x) for x in offer.proposer_gives],
            "recipient_gives": [_line_data(x) for x in offer.recipient_gives],
        },
        separators=(",", ":"),
        sort_keys=True,
    )


def _offer(text: str) -> Offer:
    data = json.loads(text)
    return Offer(
        made_by=data["made_by"],
        message=data.get("message", ""),
        proposer_gives=tuple(_line(x) for x in data.get("proposer_gives", [])),
        recipient_gives=tuple(_line(x) for x in data.get("recipient_gives", [])),
    )


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
        "lopsided": trade.lopsided,
        "values": _json(trade.values),
        "offer_value": trade.offer_value,
    }


def _json(data: dict) -> str:
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


def _from_json(text) -> dict:
    return json.loads(text) if isinstance(text, str) and text else {}


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
        lopsided=bool(data.get("lopsided", False)),
        values=_from_json(data.get("values")),
        offer_value=data.get("offer_value", ""),
    )


def event_data(event: TradeEvent) -> dict:
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
        trade_id=data["trade_id"],
        kind=data["kind"],
        actor=Party(data["actor_sub"], data["actor_username"]),
        at=data["at"],
        version=data["version"],
        status=TradeStatus(data["status"]),
        offer=_offer(data["offer"]),
        note=data.get("note", ""),
        by_moderator=bool(data.get("by_moderator", False)),
    )


def view_from_item(item: dict) -> TradeView:
    data = from_item(item)
    return TradeView(
        trade_id=data["trade_id"],
        role=Role(data["role"]),
        status=TradeStatus(data["status"]),
        counterparty=data["counterparty"],
        created_at=data["created_at"],
        updated_at=data["updated_at"],
        lopsided=bool(data.get("lopsided", False)),
        values=_from_json(data.get("values")),
    )


def view_data(trade: Trade, party: Party, role: Role) -> dict:
    return {
        **keys.trade_view_key(party.sub, trade.created_at, trade.trade_id),
        **keys.trade_view_index_keys(party.sub, role.value, trade.status.value, trade.created_at, trade.trade_id),
        "type": "TRADE_VIEW",
        "trade_id": trade.trade_id,
        "role": role.value,
        "status": trade.status.value,
        "counterparty": trade.other(party.sub).username,
        "created_at": trade.created_at,
        "updated_at": trade.updated_at,
        "lopsided": trade.lopsided,
        "values": _json(trade.values),
    }


def parties(trade: Trade) -> tuple:
    return (trade.proposer, Role.PROPOSER), (trade.recipient, Role.RECIPIENT)
