"""GET /api/: the entry point of the browsable API, listing the resources."""

from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# (name in the listing, URL name); apps add theirs as they land.
ENDPOINTS = [
    ("health", "health"),
    ("trades", "trade-list"),
    ("binders", "binder-list"),
    ("cards", "card-search"),
    ("me", "me"),
    ("auth-signup", "auth-signup"),
    ("auth-confirm", "auth-confirm"),
    ("auth-login", "auth-login"),
    ("auth-refresh", "auth-refresh"),
    ("auth-logout", "auth-logout"),
    ("auth-password-forgot", "auth-password-forgot"),
    ("auth-password-reset", "auth-password-reset"),
]


class ApiRoot(APIView):
    """tradeapi: a back office for trading Magic: The Gathering cards."""

    permission_classes = [AllowAny]

    def get(self, request):
        links = {}
        for label, url_name in ENDPOINTS:
            try:
                links[label] = reverse(url_name, request=request)
            except Exception:  # a route not installed yet is simply not listed
                continue
        return Response(links)
