"""The API's suspension check: a DRF permission that answers 403 ``account_suspended``.

Each process keeps every trader's flag for ``SUSPENSION_CACHE_SECONDS`` (30 s by
default), so a suspension reaches every warm process within that time, and a
trader's requests cost one extra (projected) GetItem at most once per 30 s per
process. The process that suspends forgets its copy at once.
"""

import threading
import time

from django.conf import settings
from rest_framework.permissions import BasePermission

from accounts.domain import AccountSuspended
from accounts.services import profile_is_suspended

_lock = threading.Lock()
_flags: dict[str, tuple[bool, float]] = {}
_clock = time.monotonic  # tests move it forward


def _ttl() -> float:
    return float(getattr(settings, "SUSPENSION_CACHE_SECONDS", 30))


def is_suspended(sub: str) -> bool:
    now = _clock()
    cached = _flags.get(sub)
    if cached is not None and cached[1] > now:
        return cached[0]
    flag = profile_is_suspended(sub=sub)
    with _lock:
        if len(_flags) > 50_000:  # bounded: drop everything rather than grow without end
            _flags.clear()
        _flags[sub] = (flag, now + _ttl())
    return flag


def remember(sub: str, suspended: bool) -> None:
    """Record a flag this process already knows (a profile it just created is not suspended)."""
    with _lock:
        _flags[sub] = (suspended, _clock() + _ttl())


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
