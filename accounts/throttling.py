"""Rate limit for the /api/auth/ endpoints: per client IP and endpoint, counted in the DynamoDB cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AuthRateThrottle(SimpleRateThrottle):
    """``AUTH_THROTTLE_RATE`` (e.g. "20/minute") requests per IP to each auth endpoint; unset = off.

    Cognito applies its own limits too; its TooManyRequests also becomes a 429.
    """

    def get_rate(self):
        return settings.AUTH_THROTTLE_RATE or None

    def get_cache_key(self, request, view):
        scope = getattr(view, "throttle_scope", view.__class__.__name__)
        return self.cache_format % {"scope": f"auth-{scope}", "ident": self.get_ident(request)}
