"""The request being served, in a contextvar: its ids, and counters the request line reports.

Each thread (the dev server's) and each Lambda invocation serves one request at a time; a
contextvar keeps concurrent requests apart. Work handed to another thread does not see it
(nothing in the app does that today).
"""

import threading
import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

LAMBDA_EVENT = "lambda.event"  # what Zappa puts in the WSGI environ
LAMBDA_CONTEXT = "lambda.context"


@dataclass
class RequestScope:
    request_id: str  # API Gateway's (returned as X-Request-Id), or generated off Lambda
    lambda_request_id: str | None = None  # the invocation's (context.aws_request_id)
    cold_start: bool = False
    dynamodb_calls: int = 0
    consumed_capacity: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # business events: TradesProposed, ...


_current: ContextVar[RequestScope | None] = ContextVar("tradeapi_request", default=None)
_cold = True
_cold_lock = threading.Lock()


def current() -> RequestScope | None:
    return _current.get()


def begin(scope: RequestScope) -> Token:
    return _current.set(scope)


def end(token: Token) -> None:
    _current.reset(token)


def clear(**_) -> None:
    """Forget the request (on ``request_finished``: after Django's own 4xx/5xx line, which it writes
    once the middleware has returned, so that line still carries the request's ids)."""
    _current.set(None)


def take_cold_start() -> bool:
    """True for the first request this process (or this restored SnapStart environment) serves."""
    global _cold
    if not _cold:
        return False
    with _cold_lock:
        first, _cold = _cold, False
        return first


def reset_cold_start() -> None:
    """After a SnapStart restore the next request is a cold start again (tradeapi/snapstart.py)."""
    global _cold
    _cold = True


def request_ids(meta: dict) -> tuple[str, str | None]:
    """(API Gateway's request id, Lambda's request id) from the WSGI environ; a fresh id off Lambda."""
    event = meta.get(LAMBDA_EVENT)
    gateway = None
    if isinstance(event, dict):
        context = event.get("requestContext")
        if isinstance(context, dict) and context.get("requestId"):
            gateway = str(context["requestId"])
    invocation = getattr(meta.get(LAMBDA_CONTEXT), "aws_request_id", None)
    return gateway or uuid.uuid4().hex, str(invocation) if invocation else None
