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

from django.conf import settings

from tradeapi.exceptions import InvalidCursor


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
