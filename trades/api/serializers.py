"""Trade request validation and response shapes."""

from rest_framework import serializers

from tradeapi.api import PageQuery
from trades.domain.offers import MAX_LINES, LineRequest, TradeLine
from trades.domain.trades import Role, Trade, TradeEvent, TradeStatus, TradeView
from trades.services.trades import trade_expires_at

CARD_ID = r"^[a-z0-9]{1,40}-[0-9a-f]{16}$"


class LineSerializer(serializers.Serializer):
    card_id = serializers.RegexField(CARD_ID, max_length=60)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)


def _lines():
    return serializers.ListField(child=LineSerializer(), default=list, max_length=MAX_LINES)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ProposeSerializer(serializers.Serializer):
    recipient = serializers.CharField(max_length=128)
    offered = _lines()
    requested = _lines()
    message = serializers.CharField(max_length=1000, allow_blank=True, default="")


class CounterSerializer(VersionSerializer):
    offered = _lines()
    requested = _lines()
    message = serializers.CharField(max_length=1000, allow_blank=True, default="")


class DeclineSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=500, allow_blank=True, default="")


class TradeListQuery(PageQuery):
    status = serializers.ChoiceField(choices=[s.value for s in TradeStatus], required=False)
    role = serializers.ChoiceField(choices=[r.value for r in Role], required=False)


def line_requests(data: list[dict]) -> list[LineRequest]:
    return [LineRequest(card_id=line["card_id"], quantity=line["quantity"]) for line in data]


# --- output -----------------------------------------------------------------------------


def _line_out(line: TradeLine) -> dict:
    return {"card_id": line.card_id, "quantity": line.quantity, "card": line.card}


def offer_out(trade_like, offer) -> dict:
    return {
        "made_by": trade_like.party(offer.made_by).username,
        "message": offer.message,
        "proposer_gives": [_line_out(x) for x in offer.proposer_gives],
        "recipient_gives": [_line_out(x) for x in offer.recipient_gives],
    }


def trade_out(trade: Trade, viewer_sub: str | None = None) -> dict:
    turn = trade.turn
    role = trade.role_of(viewer_sub) if viewer_sub else None
    return {
        "id": trade.trade_id,
        "status": trade.status.value,
        "proposer": {"username": trade.proposer.username},
        "recipient": {"username": trade.recipient.username},
        "your_role": role.value if role else None,
        "turn": turn.username if turn else None,
        "offer": offer_out(trade, trade.offer),
        "version": trade.version,
        "created_at": trade.created_at,
        "updated_at": trade.updated_at,
        "expires_at": trade_expires_at(trade),
        "held": trade.held,
        "decline_reason": trade.decline_reason,
        "declined_by": trade.declined_by,
        "declined_by_moderator": trade.declined_by_moderator,
    }


def event_out(trade: Trade, event: TradeEvent) -> dict:
    return {
        "kind": event.kind,
        "actor": event.actor.username,
        "by_moderator": event.by_moderator,
        "at": event.at,
        "version": event.version,
        "status": event.status.value,
        "note": event.note,
        "offer": offer_out(trade, event.offer),
    }


def view_out(view: TradeView) -> dict:
    return {
        "id": view.trade_id,
        "role": view.role.value,
        "status": view.status.value,
        "counterparty": view.counterparty,
        "created_at": view.created_at,
        "updated_at": view.updated_at,
    }
