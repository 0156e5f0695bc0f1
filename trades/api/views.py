"""Trade endpoints: thin views that validate, call one service, and shape the answer."""

import json

from rest_framework import status as http
from rest_framework.response import Response

from accounts import suspension
from tradeapi.api import ApiView, link
from tradeapi.exceptions import AppError
from trades.api import serializers as s
from trades.domain.trades import Party
from trades.services import trades as services

EVENTS_PAGE_SIZE = 100  # a trade's whole history usually fits one page


def _lines(side) -> list[dict]:
    return [{"card_id": line.card_id, "quantity": line.quantity} for line in side]


def _actor(request) -> Party:
    return Party(sub=request.user.sub, username=request.user.username)


def _currency(request) -> str:
    """The viewer's display currency (their profile's; read with the suspension flag, no extra call)."""
    return suspension.currency_of(request.user.sub)


def _shaped(view, trade, *, now: str = "read"):
    """The trade with its values in the viewer's currency. ``now``: "read" today's prices (one
    BatchGetItem), "offer" (the offer was just made: today's prices are the frozen ones), or "skip"."""
    at_offer, current = services.trade_values(trade, currency=_currency(view.request), current=now == "read")
    return view.shaped(trade, valued=(at_offer, at_offer if now == "offer" else current))


class TradeList(ApiView):
    """Your trades, newest first (`?status=&role=&cursor=&limit=`); propose a trade (POST).

    A proposal names the other trader and the lines each side gives: `offered` from your binders,
    `requested` from their tradeable binders (each `{card_id, quantity}`).
    """

    serializer_class = s.ProposeSerializer
    output_class = s.TradeSerializer
    row_class = s.TradeRowSerializer
    query_class = s.TradeListQuery
    creates = True
    rate_limit = "trade-proposals"

    def get(self, request):
        query = self.query()
        page = services.trade_list(
            actor=_actor(request),
            status=query.get("status"),
            role=query.get("role"),
            cursor=query.get("cursor"),
            limit=query["limit"],
        )
        return Response(self.paged(page, currency=_currency(request)))

    def post(self, request):
        data = self.input()
        trade = services.trade_propose(
            actor=_actor(request),
            recipient_username=data["recipient"],
            offered=s.line_requests(data["offered"]),
            requested=s.line_requests(data["requested"]),
            message=data["message"],
        )
        location = link("trade-detail", request, trade_id=trade.trade_id)
        return Response(_shaped(self, trade, now="offer"), status=http.HTTP_201_CREATED, headers={"Location": location})

    def raw_example(self, method: str) -> str | None:
        """The propose form's body: a valid example, pre-filled from a card's ``propose`` link."""
        params = self.request.query_params
        requested = params.get("requested")
        return json.dumps(
            {
                "recipient": params.get("recipient", "<their username>"),
                "offered": [],
                "requested": [{"card_id": requested or "<a card id from their binder>", "quantity": 1}],
                "message": "",
            },
            indent=4,
        )


class TradeDetail(ApiView):
    """One trade: both parties, the current offer with card snapshots, status, turn, version, times, and
    links to its history, its report action and the actions you may take now."""

    output_class = s.TradeSerializer

    def get(self, request, trade_id):
        return Response(_shaped(self, services.trade_get_for(actor=_actor(request), trade_id=trade_id)))


class TradeEvents(ApiView):
    """The trade's history, oldest first: every proposal, counter, accept, decline, cancel and expiry."""

    row_class = s.TradeEventSerializer

    def get(self, request, trade_id):
        query = self.query(default_limit=EVENTS_PAGE_SIZE)
        trade, page = services.trade_events_for(
            actor=_actor(request), trade_id=trade_id, cursor=query.get("cursor"), limit=query["limit"]
        )
        return Response(self.paged(page, trade=trade, currency=_currency(request)))


class TradeAction(ApiView):
    """A transition of a trade: GET shows the trade, POST takes the action (only when it is allowed)."""

    output_class = s.TradeSerializer

    def get(self, request, trade_id):
        return Response(_shaped(self, self._trade()))

    def _trade(self):
        if not hasattr(self, "_read"):
            self._read = services.trade_get_for(actor=_actor(self.request), trade_id=self.kwargs["trade_id"])
        return self._read

    def get_serializer(self, *args, **kwargs):
        """The browsable API's form: pre-filled with the trade's current version (blank on an error page)."""
        if not args and "data" not in kwargs:
            trade = kwargs.get("instance") or self._readable_trade()
            if trade is not None:
                kwargs["instance"] = {"version": trade.version, "reason": "", "message": trade.offer.message}
        return super().get_serializer(*args, **kwargs)

    def _readable_trade(self):
        try:
            return self._trade()
        except AppError:  # not found, not yours: the page says so; the form stays blank
            return None


class TradeCounter(TradeAction):
    """Counter with a new offer (`offered`, `requested`, `message`, `version`): only the party whose turn it is."""

    serializer_class = s.CounterSerializer
    rate_limit = "trade-proposals"

    def post(self, request, trade_id):
        data = self.input()
        trade = services.trade_counter(
            actor=_actor(request),
            trade_id=trade_id,
            version=data["version"],
            offered=s.line_requests(data["offered"]),
            requested=s.line_requests(data["requested"]),
            message=data["message"],
        )
        return Response(_shaped(self, trade, now="offer"))

    def raw_example(self, method: str) -> str | None:
        """The counter form's body: the current offer, from your side, at the current version."""
        trade = self._readable_trade()
        if trade is None:
            return None
        mine_first = trade.proposer.sub == self.request.user.sub
        mine, theirs = trade.offer.proposer_gives, trade.offer.recipient_gives
        if not mine_first:
            mine, theirs = theirs, mine
        body = {"version": trade.version, "offered": _lines(mine), "requested": _lines(theirs), "message": ""}
        return json.dumps(body, indent=4)


class TradeAccept(TradeAction):
    """Accept (`version`): the cards change hands atomically and the trade is COMPLETED."""

    serializer_class = s.VersionSerializer

    def post(self, request, trade_id):
        version = self.input()["version"]
        trade = services.trade_accept(actor=_actor(request), trade_id=trade_id, version=version)
        return Response(_shaped(self, trade, now="skip"))


class TradeDecline(TradeAction):
    """Decline (`version`, `reason`): only the party whose turn it is."""

    serializer_class = s.DeclineSerializer

    def post(self, request, trade_id):
        data = self.input()
        trade = services.trade_decline(
            actor=_actor(request), trade_id=trade_id, version=data["version"], reason=data["reason"]
        )
        return Response(_shaped(self, trade, now="skip"))


class TradeCancel(TradeAction):
    """Cancel (`version`): only the party who made the current offer."""

    serializer_class = s.VersionSerializer

    def post(self, request, trade_id):
        version = self.input()["version"]
        trade = services.trade_cancel(actor=_actor(request), trade_id=trade_id, version=version)
        return Response(_shaped(self, trade, now="skip"))
