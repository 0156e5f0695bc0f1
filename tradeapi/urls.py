"""URL root: every app's routes, and the error handlers."""

from django.urls import include, path

from tradeapi.api_root import ApiRoot
from tradeapi.health import health
from tradeapi.schema_views import DocsView, SchemaView

urlpatterns = [
    path("health", health, name="health"),
    path("api/", ApiRoot.as_view(), name="api-root"),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("accounts.urls")),
    path("accounts/", include("accounts.browser_urls")),
    path("api/", include("binders.urls")),
    path("api/", include("trades.urls")),
    path("api/", include("moderation.urls")),
    path("dashboard/", include("dashboard.urls")),
]

handler400 = "tradeapi.errors.bad_request"
handler403 = "tradeapi.errors.permission_denied"
handler404 = "tradeapi.errors.not_found"
handler500 = "tradeapi.errors.server_error"
