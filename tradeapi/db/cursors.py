"""Opaque, signed pagination cursors: DynamoDB's LastEvaluatedKey in, a token out.

A cursor is base64url(JSON) + "." + HMAC-SHA256 signature; anything that does not
verify (garbage, truncation, a hand-edited key) raises InvalidCursor (→ 400).
The ``scope`` binds a cursor to one listing, so a cursor from one trader's
binder cannot page through another's.
"""

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.conf import settings

from tradeapi.exceptions import InvalidCursor

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload: str, scope: str) -> str:
    key = settings.CURSOR_SIGNING_KEY.encode()
    return _b64(hmac.new(key, f"{scope}|{payload}".encode(), hashlib.sha256).digest()[:16])


def encode_cursor(last_evaluated_key: dict | None, *, scope: str = "") -> str | None:
    """The cursor for the next page, or None when there is no next page."""
    if not last_evaluated_key:
        return None
    payload = _b64(json.dumps(last_evaluated_key, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{_signature(payload, scope)}"


def decode_cursor(cursor: str | None, *, scope: str = "") -> dict | None:
    """ExclusiveStartKey for the page after ``cursor``; None for the first page."""
    if cursor in (None, ""):
        return None
    try:
        payload, signature = cursor.split(".")
        if not hmac.compare_digest(signature, _signature(payload, scope)):
            raise ValueError("bad signature")
        key = json.loads(_unb64(payload))
    except (ValueError, binascii.Error, UnicodeDecodeError, AttributeError):
        raise InvalidCursor() from None
    if not isinstance(key, dict) or not all(isinstance(v, dict) for v in key.values()):
        raise InvalidCursor()
    return key


def page_size(raw, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    """A validated ``limit`` query parameter."""
    if raw in (None, ""):
        return default
    try:
        size = int(raw)
    except (TypeError, ValueError):
        raise InvalidCursor("limit must be a whole number", code="invalid_limit") from None
    if not 1 <= size <= maximum:
        raise InvalidCursor(f"limit must be between 1 and {maximum}", code="invalid_limit")
    return size


@dataclass
class Page:
    items: list
    next_cursor: str | None = None
    extra: dict = field(default_factory=dict)
