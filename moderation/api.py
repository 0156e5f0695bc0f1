"""POST /api/trades/{id}/report {reason}: a party reports a trade to the moderators (once per trader)."""

from rest_framework import serializers
from rest_framework import status as http
from rest_framework.response import Response

from moderation.domain import MAX_REASON
from moderation.services import actions as services
from tradeapi.api import ApiView, LinkField, StrictSerializer
from trades.domain.trades import Party


class ReportIn(StrictSerializer):
    reason = serializers.CharField(max_length=MAX_REASON, help_text="What is wrong with this trade.")


class ReportOut(serializers.Serializer):
    trade = LinkField("trade-detail", lambda report: {"trade_id": report.trade_id})
    trade_id = serializers.CharField()
    reason = serializers.CharField()
    reported_at = serializers.CharField(source="at")


class TradeReport(ApiView):
    """Report this trade to the moderators, with a reason. Only its parties; each trader once (then 409)."""

    serializer_class = ReportIn
    output_class = ReportOut
    creates = True
    rate_limit = "reports"

    def post(self, request, trade_id):
        report = services.trade_report(
            actor=Party(request.user.sub, request.user.username), trade_id=trade_id, reason=self.input()["reason"]
        )
        return Response(self.shaped(report), status=http.HTTP_201_CREATED)
