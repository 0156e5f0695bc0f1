"""Write guards every API view shares: rate limits and Idempotency-Key (docs/security.md).

``WriteGuards`` is mixed into ``tradeapi.api.ApiView``. For an unsafe request (POST, PUT,
PATCH, DELETE) to a method the view has, after authentication and permissions and before
the handler, it

1. spends the view's rate limit (``rate_limit``; by default from the URL name, see
   ``tradeapi.ratelimits.limit_name_for``): per client IP on /api/auth/*, per trader
   elsewhere; and
2. for an idempotent request carrying ``Idempotency-Key`` (``idempotent``; by default a
   POST to a view that authenticates its callers), takes the key's lock, and rides the
   record's "committed" mark along the first transaction the request commits.

Both together are one DynamoDB call (``tradeapi.db.guards.admit``); after the handler one
more stores the answer or releases the key. Safe methods (GET, HEAD, OPTIONS) make none.
"""

import logging
import secrets
import time

from django.conf import settings

from tradeapi import idempotency, ratelimits
from tradeapi.aws_faults import is_aws_fault
from tradeapi.client_ip import client_ident
from tradeapi.db import guards as records
from tradeapi.db import transactions

logger = logging.getLogger("tradeapi.guards")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Replay(Exception):
    """Raised before the handler runs: answer with the key's stored response instead."""

    def __init__(self, response):
        super().__init__("idempotent replay")
        self.response = response


class WriteGuards:
    """Mixed into ``tradeapi.api.ApiView`` before DRF's GenericAPIView."""

    #: The name of the limit in ``settings.RATE_LIMITS`` that this view's writes spend;
    #: ``""`` for none; None (default): by URL name (``ratelimits.limit_name_for``).
    rate_limit: str | None = None
    #: Whether a POST here honours Idempotency-Key; None (default): when the view authenticates callers.
    idempotent: bool | None = None
    #: Whether the key's record is marked committed with the first transaction the request commits (the
    #: rider). False for a view whose work spans many transactions and resumes itself under the same key
    #: (a CSV import): its record is then marked only when the answer is stored, and released after a
    #: failure, so a retry with the key reaches the view again and continues the work.
    idempotency_rides_first_write: bool = True

    def initial(self, request, *args, **kwargs):
        self._write_guard = None
        transactions.clear_rider()  # whatever an earlier request on this thread may have left
        super().initial(request, *args, **kwargs)
        if request.method in SAFE_METHODS or not hasattr(self, request.method.lower()):
            return
        guard = Guard.for_request(self, request)
        if guard is not None:
            self._write_guard = guard
            guard.admit()

    def handle_exception(self, exc):
        if isinstance(exc, Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        guard, self._write_guard = getattr(self, "_write_guard", None), None
        if guard is not None:
            guard.finish(response)
        return response

    def rate_limit_name(self, request) -> str:
        if self.rate_limit is not None:
            return self.rate_limit
        match = request.resolver_match
        return ratelimits.limit_name_for(match.url_name if match else None)

    def is_idempotent(self, request) -> bool:
        return self.honours_idempotency_key(request.method)

    def idempotency_fingerprint(self, request) -> str:
        """What makes two requests under one key the same request (a view whose body is larger than
        Django reads whole may hash its parsed content instead)."""
        return idempotency.fingerprint(request)

    @classmethod
    def honours_idempotency_key(cls, method: str) -> bool:
        """Whether ``method`` here takes Idempotency-Key (also for the OpenAPI schema: no request needed)."""
        if method.upper() != "POST":
            return False
        return cls.idempotent if cls.idempotent is not None else bool(cls.authentication_classes)


class Guard:
    """One request's rate-limit window and idempotency lock, from admission to the stored answer."""

    def __init__(self, window: ratelimits.Window | None, lock: records.Lock | None, now: float):
        self.window = window
        self.lock = lock
        self.now = now
        self.admitted = False
        self.remaining: int | None = None
        self._rider: transactions.Rider | None = None
        self._rider_token = None
        self.rides_first_write = True

    @classmethod
    def for_request(cls, view: WriteGuards, request) -> "Guard | None":
        now = time.time()
        user = request.user
        trader = f"sub:{user.sub}" if getattr(user, "is_authenticated", False) and getattr(user, "sub", None) else None
        match = request.resolver_match
        window = None
        name = view.rate_limit_name(request)
        found = ratelimits.limit(name) if name else None
        if found is not None:
            ident = client_ident(request) if found.per_ip or trader is None else trader
            scope = (match.url_name if match else None) or type(view).__name__
            window = ratelimits.window(found, scope=scope, ident=ident, now=now)
        lock = None
        key = idempotency.key_of(request) if view.is_idempotent(request) else None
        if key is not None:
            lock = records.Lock(
                caller=trader or client_ident(request),
                method=request.method,
                route=(match.route if match else None) or request.path,
                idempotency_key=key,
                token=secrets.token_hex(16),
                fingerprint=view.idempotency_fingerprint(request),
                now=int(now),
                lease_until=int(now) + settings.IDEMPOTENCY_LEASE_SECONDS,
                expires=int(now) + settings.IDEMPOTENCY_TTL_SECONDS,
            )
        if window is None and lock is None:
            return None
        guard = cls(window, lock, now)
        guard.rides_first_write = view.idempotency_rides_first_write
        return guard

    def admit(self) -> None:
        """One DynamoDB call; raises RateLimited (429), Replay, or an idempotency refusal (409/422)."""
        count = None
        if self.window is not None:
            count = _count(self.window)
        try:
            counted = records.admit(count, self.lock)
        except records.Held as held:
            raise Replay(idempotency.answer(held.record, self.lock.fingerprint, int(self.now))) from None
        except records.Busy:
            raise idempotency.IdempotencyKeyInUse() from None
        except records.Limited:
            raise ratelimits.RateLimited(self.window, self.now) from None
        self.admitted = True
        if counted is not None:
            self.remaining = self.window.limit.quota - counted
        if self.lock is not None and self.rides_first_write:
            self._rider = transactions.Rider(
                records.commit_action(self.lock), on_conflict=lambda failures: idempotency.IdempotencyKeyInUse()
            )
            self._rider_token = transactions.attach_rider(self._rider)

    def finish(self, response) -> None:
        """Add the RateLimit fields; store the answer under the key, or release the key after a refusal."""
        if not self.admitted:
            return
        if self.window is not None:
            for name, value in self.window.headers(time.time(), self.remaining).items():
                response[name] = value
        if self.lock is None:
            return
        if self._rider is not None:
            transactions.detach_rider(self._rider_token)
        try:
            if (self._rider is not None and self._rider.applied) or response.status_code < 400:
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                records.store(self.lock, int(time.time()), idempotency.captured(response))
            else:
                records.release(self.lock)
        except Exception as exc:
            if not is_aws_fault(exc):
                raise
            # The answer stands; an unreleased lock's lease runs out, an unstored answer replays as committed.
            logger.warning("Idempotency record not updated (%s): %s", type(exc).__name__, exc)


def spend_limit(request, name: str, *, scope: str) -> None:
    """Spend one request of limit ``name`` for this client outside DRF (the browser login form).

    One DynamoDB call; raises ``ratelimits.RateLimited`` (429) when the window's budget is spent.
    """
    found = ratelimits.limit(name)
    if found is None:
        return
    now = time.time()
    window = ratelimits.window(found, scope=scope, ident=client_ident(request), now=now)
    try:
        records.admit(_count(window), None)
    except records.Limited:
        raise ratelimits.RateLimited(window, now) from None


def _count(window: ratelimits.Window) -> records.Count:
    """The counter one request spends in ``window`` (kept a minute past the window's end)."""
    return records.Count(
        limit=window.limit.name,
        scope=window.scope,
        ident=window.ident,
        window_start=window.start,
        quota=window.limit.quota,
        expires=window.end + 60,
    )
