"""Rate limits: named fixed-window quotas from settings, and the IETF RateLimit header fields.

``settings.RATE_LIMITS`` maps a limit's name to a rate (``"30/hour"``, ``"20/minute"``,
``"5/10minute"``) or ``""`` (off). A limit counts per client IP (``auth``: its callers are
anonymous, each /api/auth/ endpoint has its own budget) or per trader (one budget shared by
every endpoint that spends the limit). The counting itself is one atomic DynamoDB
``UpdateItem ADD`` per request (``tradeapi.db.guards``); this module only says which
counter, how far it may go, and what to tell the client.

Headers follow draft-ietf-httpapi-ratelimit-headers (structured fields):
``RateLimit-Policy: "card-writes";q=120;w=60`` and ``RateLimit: "card-writes";r=57;t=23``.
"""

import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tradeapi.exceptions import TooManyRequests

UNITS = {"s": 1, "second": 1, "m": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+?)s?\s*$")
PER_IP = frozenset({"auth"})

# The limit an unsafe request spends when its view names none (``rate_limit``), by URL name.
ROUTE_LIMITS = {
    "trade-list": "trade-proposals",
    "trade-counter": "trade-proposals",
    "binder-card-list": "card-writes",
    "binder-card-detail": "card-writes",
    "card-move": "card-writes",
    "trade-report": "reports",
}
AUTH_ROUTES = "auth-"  # /api/auth/*: per IP, per endpoint
DEFAULT = "writes"


@dataclass(frozen=True)
class Limit:
    name: str
    quota: int
    window: int  # seconds

    @property
    def per_ip(self) -> bool:
        return self.name in PER_IP

    def policy_header(self) -> str:
        return f'"{self.name}";q={self.quota};w={self.window}'


@dataclass(frozen=True)
class Window:
    """One fixed window of one limit for one client: what its counter is keyed by."""

    limit: Limit
    scope: str  # the endpoint, for per-IP limits; "" when the budget is shared
    ident: str  # "ip:<address>" or "sub:<sub>"
    start: int  # epoch seconds, a multiple of the window

    @property
    def end(self) -> int:
        return self.start + self.limit.window

    def reset_after(self, now: float) -> int:
        """Whole seconds until the window ends (at least 1)."""
        return max(1, math.ceil(self.end - now))

    def headers(self, now: float, remaining: int | None) -> dict[str, str]:
        """RateLimit-Policy always; RateLimit when the remaining quota is known."""
        found = {"RateLimit-Policy": self.limit.policy_header()}
        if remaining is not None:
            found["RateLimit"] = f'"{self.limit.name}";r={max(0, remaining)};t={self.reset_after(now)}'
        return found


class RateLimited(TooManyRequests):
    """429 ``too_many_requests`` with Retry-After and the limit's RateLimit fields."""

    def __init__(self, window: Window, now: float):
        retry_after = window.reset_after(now)
        quota = f"{window.limit.quota} per {window.limit.window} s"
        super().__init__(
            f"Too many requests: the {window.limit.name} limit is {quota}. Try again in {retry_after} s.",
            retry_after=retry_after,
            details={"limit": window.limit.name, "quota": window.limit.quota, "window": window.limit.window},
        )
        self.headers = window.headers(now, remaining=0)


def parse_rate(text: str) -> tuple[int, int] | None:
    """``"30/hour"`` → (30, 3600); ``"5/10minute"`` → (5, 600); ``""`` → None (off)."""
    if not text or not text.strip():
        return None
    match = RATE.match(text.lower())
    if not match or match.group(3) not in UNITS or int(match.group(1)) < 1:
        raise ImproperlyConfigured(f"Rate {text!r} is not '<count>/<unit>' (units: second, minute, hour, day)")
    multiple = int(match.group(2) or 1)
    return int(match.group(1)), multiple * UNITS[match.group(3)]


def limit(name: str) -> Limit | None:
    """The configured limit called ``name``, or None when it is off."""
    configured = getattr(settings, "RATE_LIMITS", {})
    if name not in configured:
        raise ImproperlyConfigured(f"No rate limit called {name!r} in settings.RATE_LIMITS")
    rate = parse_rate(configured[name])
    return Limit(name, *rate) if rate else None


def limit_name_for(url_name: str | None) -> str:
    """The limit a write to the route called ``url_name`` spends by default."""
    url_name = url_name or ""
    if url_name.startswith(AUTH_ROUTES):
        return "auth"
    return ROUTE_LIMITS.get(url_name, DEFAULT)


def window(found: Limit, *, scope: str, ident: str, now: float) -> Window:
    start = int(now // found.window) * found.window
    return Window(found, scope if found.per_ip else "", ident, start)
