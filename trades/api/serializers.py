"""Trades as the API takes and shows them: strict inputs, and outputs with links and allowed actions."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from binders.domain.cards import CARD_ID_PATTERN
from tradeapi.api import EnumField, LinkField, PageQuery, StrictSerializer, link
from trades.domain.lifecycle import TradeStatus
from trades.domain.offers import MAX_LINES, LineRequest
from trades.domain.trades import Party, Role
from trades.services.trades import offer_value_at_offer, trade_expires_at

# --- input ------------------------------------------------------------------------------


class LineSerializer(StrictSerializer):
    card_id = serializers.RegexField(CARD_ID_PATTERN, max_length=60, help_text="A card entry's id (`id` of a card).")
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)


def _lines(help_text: str):
    return serializers.ListField(child=LineSerializer(), default=list, max_length=MAX_LINES, help_text=help_text)


class VersionSerializer(StrictSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The trade's `version` as you read it.")


class OfferInput(StrictSerializer):
    offered = _lines("Your cards, from any of your binders.")
    requested = _lines("The other trader's cards, from their tradeable binders.")
    message = serializers.CharField(max_length=1000, allow_blank=True, default="")


class ProposeSerializer(OfferInput):
    recipient = serializers.CharField(max_length=128, help_text="The other trader's username.")


class CounterSerializer(VersionSerializer, OfferInput):
    pass


class DeclineSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=500, allow_blank=True, default="")


class TradeListQuery(PageQuery):
    status = EnumField(TradeStatus, required=False)
    role = EnumField(Role, required=False)


def line_requests(data: list[dict]) -> list[LineRequest]:
    return [LineRequest(card_id=line["card_id"], quantity=line["quantity"]) for line in data]


# --- output -----------------------------------------------------------------------------


def _trade(thing) -> dict:
    return {"trade_id": thing.trade_id}


VALUE_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "A value with where it came from; null when unpriced (see `reason`).",
    "properties": {
        "amount": {"type": "string", "example": "12.34"},
        "currency": {"type": "string", "enum": ["USD", "EUR"]},
        "source": {"type": "string", "example": "scryfall.usd_foil"},
        "price_date": {"type": "string", "nullable": True, "example": "2026-11-30"},
        "stale": {"type": "boolean", "description": "The price is more than 48 hours old."},
    },
}
LINE_VALUE_SCHEMA = {
    "type": "object",
    "properties": {
        "unit": VALUE_SCHEMA,
        "line": VALUE_SCHEMA,
        "reason": {
            "type": "string",
            "nullable": True,
            "enum": ["no_price_for_finish", "no_price_in_currency", "not_in_catalog", None],
        },
    },
}
TOTAL_SCHEMA = {
    "type": "object",
    "properties": {
        "amount": {"type": "string"},
        "currency": {"type": "string"},
        "priced": {"type": "integer"},
        "unpriced": {"type": "integer", "description": "Lines without a price: not counted in the amount."},
        "oldest_price_date": {"type": "string", "nullable": True},
        "stale": {"type": "boolean"},
    },
}
OFFER_VALUES_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {
        "proposer_gives": TOTAL_SCHEMA,
        "recipient_gives": TOTAL_SCHEMA,
        "balance": {
            "type": "object",
            "properties": {
                "difference": {"type": "string", "description": "proposer_gives − recipient_gives"},
                "ratio": {"type": "string", "description": "The smaller side / the larger (1.0000 when both are 0)."},
            },
        },
    },
}
TRADE_VALUES_SCHEMA = {
    "type": "object",
    "description": "The offer's value in your currency: with the prices frozen when it was made, and with today's.",
    "properties": {"currency": {"type": "string"}, "at_offer": OFFER_VALUES_SCHEMA, "now": OFFER_VALUES_SCHEMA},
}


class LineOut(serializers.Serializer):
    card_id = serializers.CharField()
    quantity = serializers.IntegerField()
    card = serializers.DictField(
        help_text="The card as it was when offered: name, set_code, collector_number, …, and the catalog's "
        "`prices` and `prices_date` of that moment."
    )
    value = serializers.SerializerMethodField(
        help_text="`at_offer` (the prices frozen into the offer) and `now` (today's catalog prices), each "
        "`{unit, line, reason}`; `now` is null where it was not read."
    )

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"at_offer": LINE_VALUE_SCHEMA, "now": {**LINE_VALUE_SCHEMA, "nullable": True}},
        }
    )
    def get_value(self, line) -> dict | None:
        valued = self.context.get("valued")
        if valued is None:
            return None
        at_offer, now = valued
        return {"at_offer": at_offer.line(line), "now": now.line(line) if now else None}


class OfferOut(serializers.Serializer):
    made_by = serializers.SerializerMethodField()
    message = serializers.CharField()
    proposer_gives = LineOut(many=True)
    recipient_gives = LineOut(many=True)

    def get_made_by(self, offer) -> str:
        return self.context["trade"].party(offer.made_by).username


class PartyOut(serializers.Serializer):
    username = serializers.CharField()
    binders = serializers.SerializerMethodField(help_text="Their tradeable binders.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_binders(self, party: Party) -> str:
        return link("trader-binder-list", self.context.get("request"), username=party.username)


class TradeSerializer(serializers.Serializer):
    """A trade as one of its parties sees it: both sides of the current offer, the state, and links."""

    url = LinkField("trade-detail", _trade)
    id = serializers.CharField(source="trade_id")
    status = EnumField(TradeStatus)
    proposer = PartyOut()
    recipient = PartyOut()
    your_role = serializers.SerializerMethodField()
    turn = serializers.SerializerMethodField(help_text="Who may accept, counter or decline now.")
    offer = serializers.SerializerMethodField()
    version = serializers.IntegerField()
    created_at = serializers.CharField()
    updated_at = serializers.CharField()
    expires_at = serializers.SerializerMethodField()
    held = serializers.BooleanField()
    decline_reason = serializers.CharField()
    declined_by = serializers.CharField()
    declined_by_moderator = serializers.BooleanField()
    lopsided = serializers.BooleanField(help_text="The current offer's smaller side is worth far less than the larger.")
    values = serializers.SerializerMethodField()
    events = LinkField("trade-events", _trade)
    report = LinkField("trade-report", _trade, help_text="Report this trade to the moderators (POST).")
    actions = serializers.SerializerMethodField(help_text="What you may do now, each a URL to POST to.")

    def _viewer(self) -> Party | None:
        user = getattr(self.context.get("request"), "user", None)
        return Party(user.sub, user.username) if getattr(user, "sub", None) else None

    def get_your_role(self, trade) -> str | None:
        viewer = self._viewer()
        role = trade.role_of(viewer.sub) if viewer else None
        return role.value if role else None

    def get_turn(self, trade) -> str | None:
        return trade.turn.username if trade.turn else None

    @extend_schema_field(OfferOut)
    def get_offer(self, trade) -> dict:
        return OfferOut(trade.offer, context={**self.context, "trade": trade}).data

    def get_expires_at(self, trade) -> str:
        return trade_expires_at(trade)

    @extend_schema_field(TRADE_VALUES_SCHEMA)
    def get_values(self, trade) -> dict | None:
        return _values(self.context.get("valued"))

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "format": "uri"}})
    def get_actions(self, trade) -> dict:
        viewer = self._viewer()
        request = self.context.get("request")
        allowed = trade.allowed(viewer) if viewer else []
        return {action: link(f"trade-{action}", request, trade_id=trade.trade_id) for action in allowed}


class TradeEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    actor = serializers.CharField(source="actor.username")
    by_moderator = serializers.BooleanField()
    at = serializers.CharField()
    version = serializers.IntegerField()
    status = EnumField(TradeStatus)
    note = serializers.CharField()
    offer = serializers.SerializerMethodField()

    @extend_schema_field(OfferOut)
    def get_offer(self, event) -> dict:
        currency = self.context.get("currency")
        valued = (offer_value_at_offer(event.offer, currency=currency), None) if currency else None
        return OfferOut(event.offer, context={**self.context, "valued": valued}).data


def _values(valued) -> dict | None:
    if valued is None:
        return None
    at_offer, now = valued
    return {"currency": at_offer.currency, "at_offer": at_offer.as_dict(), "now": now.as_dict() if now else None}


class TradeRowSerializer(serializers.Serializer):
    """A row of "my trades"."""

    url = LinkField("trade-detail", _trade)
    id = serializers.CharField(source="trade_id")
    role = EnumField(Role)
    status = EnumField(TradeStatus)
    counterparty = serializers.CharField()
    created_at = serializers.CharField()
    updated_at = serializers.CharField()
    lopsided = serializers.BooleanField()
    values = serializers.SerializerMethodField(
        help_text="The current offer's totals and balance in your currency, with the prices frozen into it."
    )

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"currency": {"type": "string"}, "at_offer": OFFER_VALUES_SCHEMA},
        }
    )
    def get_values(self, view) -> dict | None:
        currency = self.context.get("currency")
        frozen = view.values.get(currency) if currency else None
        return {"currency": currency, "at_offer": frozen} if frozen else None
