"""URL root."""

from django.urls import include, path

from tradeapi.api_root import ApiRoot
from tradeapi.health import health
from trades.api.reports import TradeReport

urlpatterns = [
    path("health", health, name="health"),
    path("api/", ApiRoot.as_view(), name="api-root"),
    path("api/", include("accounts.urls")),
    path("accounts/", include("accounts.browser_urls")),
    path("api/", include("trades.urls")),
    path("api/trades/<str:trade_id>/report", TradeReport.as_view(), name="trade-report"),
    path("dashboard/", include("dashboard.urls")),
]

handler400 = "tradeapi.errors.bad_request"
handler403 = "tradeapi.errors.permission_denied"
handler404 = "tradeapi.errors.not_found"
handler500 = "tradeapi.errors.server_error"
