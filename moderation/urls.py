"""Routes under /api/ for the traders' side of moderation: reporting a trade."""

from django.urls import path

from moderation.api import TradeReport

urlpatterns = [
    path("trades/<str:trade_id>/report", TradeReport.as_view(), name="trade-report"),
]
