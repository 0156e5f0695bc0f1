"""Idempotency-Key: Stripe's semantics with the IETF draft's status codes (draft-ietf-httpapi-idempotency-key-header).

A client that may retry a POST sends ``Idempotency-Key: <1-255 visible ASCII characters>``.
The key is scoped by caller (trader, or client IP when anonymous), method, route and key,
and its record is kept ``IDEMPOTENCY_TTL_SECONDS`` (24 h). The body's fingerprint covers
the path, the content type and the bytes of the body.

| The same key again, and                        | Answer |
|------------------------------------------------|--------|
| the same request, first answer stored          | that answer (status, body, Location), ``Idempotent-Replayed: true`` |
| a different request                            | 422 ``idempotency_key_reused`` |
| the first still running                        | 409 ``idempotency_key_in_use``, ``Retry-After`` |
| the first committed, its answer never stored   | 409 ``idempotency_key_committed`` (see docs/security.md) |

Refusals (4xx) of a first attempt are not stored: the record is released, so a corrected
retry with the same key goes through. Storage is ``tradeapi.db.guards``; the wiring into
DRF is ``tradeapi.guards``.
"""

import hashlib
import re

from django.http import HttpResponse
from django.http.request import RawPostDataException

from tradeapi.exceptions import Conflict, InvalidInput, UnprocessableContent

HEADER = "Idempotency-Key"
META_KEY = "HTTP_IDEMPOTENCY_KEY"
REPLAYED = "Idempotent-Replayed"
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, no spaces
STORED_HEADERS = ("Location", "Content-Type")
MAX_STORED_BODY = 300_000  # bytes: a record is one DynamoDB item (400 KB)


class InvalidIdempotencyKey(InvalidInput):
    code = "invalid_idempotency_key"
    message = "Idempotency-Key must be 1 to 255 visible ASCII characters."


class IdempotencyKeyReused(UnprocessableContent):
    code = "idempotency_key_reused"
    message = "This Idempotency-Key was used for a different request; use a new key."


class IdempotencyKeyInUse(Conflict):
    code = "idempotency_key_in_use"
    message = "A request with this Idempotency-Key is still being processed; retry shortly."

    def __init__(self, retry_after: int = 1):
        super().__init__()
        self.retry_after = retry_after


class IdempotencyKeyCommitted(Conflict):
    code = "idempotency_key_committed"
    message = (
        "The request with this Idempotency-Key was carried out, but its response was not recorded. "
        "Read the resource to see the result; do not repeat the request under a new key."
    )


def key_of(request) -> str | None:
    """The request's Idempotency-Key, None without one; a malformed one is a 400."""
    raw = request.META.get(META_KEY)
    if raw is None:
        return None
    if not VALID_KEY.match(raw):
        raise InvalidIdempotencyKey()
    return raw


def fingerprint(request) -> str:
    """sha256 over the path, the content type and the body (the parsed fields when the stream was consumed)."""
    django_request = getattr(request, "_request", request)
    digest = hashlib.sha256()
    for part in (django_request.get_full_path(), django_request.META.get("CONTENT_TYPE", "")):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\n")
    try:
        digest.update(django_request.body)
    except RawPostDataException:  # a multipart body read by the CSRF check: hash what it held
        for name, values in sorted(django_request.POST.lists()):
            digest.update(repr((name, values)).encode("utf-8", "backslashreplace"))
        for name, upload in sorted(django_request.FILES.items()):
            digest.update(repr((name, upload.name, upload.size)).encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


def answer(record: dict, request_fingerprint: str, now: int) -> HttpResponse:
    """What a request meets when its key's record exists: the replay, or the refusal to raise."""
    if record.get("fingerprint") != request_fingerprint:
        raise IdempotencyKeyReused()
    if record.get("response_status") is not None:
        return replay(record)
    lease_left = int(record.get("lease_until", 0)) - now
    if lease_left > 0:
        raise IdempotencyKeyInUse(retry_after=min(lease_left, 1))
    if record.get("committed_at") is not None:
        raise IdempotencyKeyCommitted()
    raise IdempotencyKeyInUse()  # an abandoned lock taken over between our put and this read


def replay(record: dict) -> HttpResponse:
    headers = record.get("response_headers") or {}
    response = HttpResponse(
        record.get("response_body") or b"",
        status=int(record["response_status"]),
        content_type=headers.get("Content-Type", "application/json"),
    )
    if headers.get("Location"):
        response["Location"] = headers["Location"]
    response[REPLAYED] = "true"
    return response


def captured(response) -> dict | None:
    """A rendered response as a record stores it, or None when its body is too large to store
    (the record is then only marked committed: a retry meets ``idempotency_key_committed``)."""
    body = bytes(response.content)
    if len(body) > MAX_STORED_BODY:
        return None
    headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
    return {"status": response.status_code, "body": body, "headers": headers}
