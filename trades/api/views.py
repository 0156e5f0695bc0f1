"""Trade endpoints: thin views that validate, call one service, and shape the answer."""

from rest_framework import status as http
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from tradeapi.api import PageQuery, valid
from trades.api import serializers as s
from trades.domain.trades import Party, Role, TradeStatus
from trades.services import trades as services

EVENTS_PAGE_SIZE = 100  # a trade's whole history usually fits one page


def _actor(request) -> Party:
    return Party(sub=request.user.sub, username=request.user.username)


class TradeList(APIView):
    """My trades, newest first (GET ?status=&role=&cursor=&limit=); propose a trade (POST)."""

    def get(self, request):
        query = valid(s.TradeListQuery, request.query_params)
        page = services.trade_list(
            actor=_actor(request),
            status=TradeStatus(query["status"]) if query.get("status") else None,
            role=Role(query["role"]) if query.get("role") else None,
            cursor=query.get("cursor"),
            limit=query["limit"],
        )
        return Response({"results": [s.view_out(v) for v in page.items], "next": page.next_cursor})

    def post(self, request):
        data = valid(s.ProposeSerializer, request.data)
        trade = services.trade_propose(
            actor=_actor(request),
            recipient_username=data["recipient"],
            offered=s.line_requests(data["offered"]),
            requested=s.line_requests(data["requested"]),
            message=data["message"],
        )
        location = reverse("trade-detail", kwargs={"trade_id": trade.trade_id}, request=request)
        return Response(
            s.trade_out(trade, request.user.sub), status=http.HTTP_201_CREATED, headers={"Location": location}
        )


class TradeDetail(APIView):
    """One trade: both parties, the current offer with card snapshots, status, turn, version, times."""

    def get(self, request, trade_id):
        trade = services.trade_get_for(actor=_actor(request), trade_id=trade_id)
        return Response(s.trade_out(trade, request.user.sub))


class TradeEvents(APIView):
    """The trade's history, oldest first: every proposal, counter, accept, decline, cancel and expiry."""

    def get(self, request, trade_id):
        query = valid(PageQuery, request.query_params, default_limit=EVENTS_PAGE_SIZE)
        trade, page = services.trade_events_for(
            actor=_actor(request), trade_id=trade_id, cursor=query.get("cursor"), limit=query["limit"]
        )
        return Response({"results": [s.event_out(trade, e) for e in page.items], "next": page.next_cursor})


class TradeCounter(APIView):
    """Counter with a new offer {offered, requested, message, version}: only the party whose turn it is."""

    def post(self, request, trade_id):
        data = valid(s.CounterSerializer, request.data)
        trade = services.trade_counter(
            actor=_actor(request),
            trade_id=trade_id,
            version=data["version"],
            offered=s.line_requests(data["offered"]),
            requested=s.line_requests(data["requested"]),
            message=data["message"],
        )
        return Response(s.trade_out(trade, request.user.sub))


class TradeAccept(APIView):
    """Accept {version}: the cards change hands atomically and the trade is COMPLETED."""

    def post(self, request, trade_id):
        data = valid(s.VersionSerializer, request.data)
        trade = services.trade_accept(actor=_actor(request), trade_id=trade_id, version=data["version"])
        return Response(s.trade_out(trade, request.user.sub))


class TradeDecline(APIView):
    """Decline {version, reason}: only the party whose turn it is."""

    def post(self, request, trade_id):
        data = valid(s.DeclineSerializer, request.data)
        trade = services.trade_decline(
            actor=_actor(request), trade_id=trade_id, version=data["version"], reason=data["reason"]
        )
        return Response(s.trade_out(trade, request.user.sub))


class TradeCancel(APIView):
    """Cancel {version}: only the party who made the current offer."""

    def post(self, request, trade_id):
        data = valid(s.VersionSerializer, request.data)
        trade = services.trade_cancel(actor=_actor(request), trade_id=trade_id, version=data["version"])
        return Response(s.trade_out(trade, request.user.sub))
