"""URL root: every app's routes, and the error handlers."""

import functools
import importlib

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from tradeapi.api_root import ApiRoot
from tradeapi.health import health


def lazy_view(dotted: str, **initkwargs):
    """The class-based view ``dotted``, imported on its first request rather than with the URLs.

    The schema views pull in drf_spectacular (and through it django.test, unittest, xml.dom: ~35 ms
    of imports) that no other request needs, so a cold start serving anything else skips them.
    """

    @functools.cache
    def view():
        module, name = dotted.rsplit(".", 1)
        return getattr(importlib.import_module(module), name).as_view(**initkwargs)

    @csrf_exempt  # as DRF's APIView.as_view() is
    def dispatch(request, *args, **kwargs):
        return view()(request, *args, **kwargs)

    return dispatch


urlpatterns = [
    path("health", health, name="health"),
    path("api/", ApiRoot.as_view(), name="api-root"),
    path("api/schema/", lazy_view("tradeapi.schema_views.SchemaView"), name="api-schema"),
    path("api/docs/", lazy_view("tradeapi.schema_views.DocsView", url_name="api-schema"), name="api-docs"),
    path("api/", include("accounts.urls")),
    path("accounts/", include("accounts.browser_urls")),
    path("api/", include("catalog.urls")),
    path("api/", include("binders.urls")),
    path("api/", include("trades.urls")),
    path("api/", include("moderation.urls")),
    path("dashboard/", include("dashboard.urls")),
]

handler400 = "tradeapi.errors.bad_request"
handler403 = "tradeapi.errors.permission_denied"
handler404 = "tradeapi.errors.not_found"
handler500 = "tradeapi.errors.server_error"
