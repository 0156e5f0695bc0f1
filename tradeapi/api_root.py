"""GET /api/: the entry point of the browsable API, linking every resource."""

from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# (name in the listing, URL name), in the order a trader meets them.
ENDPOINTS = [
    ("me", "me"),
    ("binders", "binder-list"),
    ("cards", "card-search"),
    ("catalog", "catalog-card-list"),
    ("sets", "catalog-set-list"),
    ("traders", "trader-list"),
    ("trades", "trade-list"),
    ("auth-signup", "auth-signup"),
    ("auth-confirm", "auth-confirm"),
    ("auth-login", "auth-login"),
    ("auth-refresh", "auth-refresh"),
    ("auth-logout", "auth-logout"),
    ("auth-password-forgot", "auth-password-forgot"),
    ("auth-password-reset", "auth-password-reset"),
    ("schema", "api-schema"),
    ("docs", "api-docs"),
    ("health", "health"),
]


class ApiRoot(APIView):
    """tradeapi: a back office for trading Magic: The Gathering cards. Every resource, linked."""

    permission_classes = [AllowAny]
    schema = None  # the entry point is not an operation of the API

    def get(self, request):
        return Response({label: reverse(url_name, request=request) for label, url_name in ENDPOINTS})
