"""POST /api/trades/{id}/report {reason}: a party reports a trade to the moderators (once per trader)."""

from rest_framework import serializers
from rest_framework import status as http
from rest_framework.response import Response
from rest_framework.views import APIView

from moderation.domain import MAX_REASON
from moderation.services import actions as services
from trades.domain.trades import Party


class ReportIn(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_REASON)


class TradeReport(APIView):
    """Report this trade to the moderators, with a reason. Only its parties; each trader once (then 409)."""

    def get_serializer(self, *args, **kwargs):  # the browsable API's form
        return ReportIn(*args, **kwargs)

    def post(self, request, trade_id):
        data = ReportIn(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.trade_report(
            actor=Party(request.user.sub, request.user.username),
            trade_id=trade_id,
            reason=data.validated_data["reason"],
        )
        return Response(
            {"trade_id": report.trade_id, "reason": report.reason, "reported_at": report.at},
            status=http.HTTP_201_CREATED,
        )
