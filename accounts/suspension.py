"""The API's suspension check: a DRF permission that answers 403 ``account_suspended``.

Each process keeps every trader's flag for ``SUSPENSION_CACHE_SECONDS`` (30 s by
default), so a suspension reaches every warm process within that time, and a
trader's requests cost one extra (projected) GetItem at most once per 30 s per
process. The process that suspends forgets its copy at once.

The same read brings the trader's display ``currency`` (``currency_of``): values in the trader's
currency cost no extra call.
"""

import threading
import time

from django.conf import settings
from rest_framework.permissions import BasePermission

from accounts.domain import DEFAULT_CURRENCY, AccountSuspended
from accounts.services import profile_flags

_lock = threading.Lock()
_flags: dict[str, tuple[bool, str, float]] = {}  # sub → (suspended, currency, trusted until)
_clock = time.monotonic  # tests move it forward


def _ttl() -> float:
    return float(getattr(settings, "SUSPENSION_CACHE_SECONDS", 30))


def _flags_of(sub: str) -> tuple[bool, str]:
    now = _clock()
    cached = _flags.get(sub)
    if cached is not None and cached[2] > now:
        return cached[0], cached[1]
    suspended, currency = profile_flags(sub=sub)
    with _lock:
        if len(_flags) > 50_000:  # bounded: drop everything rather than grow without end
            _flags.clear()
        _flags[sub] = (suspended, currency, now + _ttl())
    return suspended, currency


def is_suspended(sub: str) -> bool:
    return _flags_of(sub)[0]


def currency_of(sub: str) -> str:
    """The trader's display currency (profile ``currency``), from the same cached read as the suspension
    flag: no extra DynamoDB call. A change made in this process shows at once (``forget``), in others
    within SUSPENSION_CACHE_SECONDS."""
    return _flags_of(sub)[1]


def remember(sub: str, suspended: bool, currency: str = DEFAULT_CURRENCY) -> None:
    """Record flags this process already knows (a profile it just created is not suspended)."""
    with _lock:
        _flags[sub] = (suspended, currency, _clock() + _ttl())


def forget(sub: str | None = None) -> None:
    with _lock:
        if sub is None:
            _flags.clear()
        else:
            _flags.pop(sub, None)


class NotSuspended(BasePermission):
    """Authenticated traders whose account is suspended get 403 ``account_suspended``.

    It refuses (rather than raising) so that DRF, including the browsable API when it decides
    which forms to show, turns the refusal into its PermissionDenied with this message and code.
    """

    message = AccountSuspended.message
    code = AccountSuspended.code

    def has_permission(self, request, view) -> bool:
        user = request.user
        sub = getattr(user, "sub", None)
        if not getattr(user, "is_authenticated", False) or not sub:
            return True
        return not is_suspended(sub)
