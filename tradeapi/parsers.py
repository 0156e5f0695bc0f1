"""Request body parsers with limits: no body, however malformed, gets past them to cause a 500.

DRF's JSON, form and multipart parsers, plus:

- a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes is a 413 ``request_too_large``, refused on
  its Content-Length before a byte is read, and never read past the limit;
- JSON nested deeper than ``JSON_MAX_DEPTH`` is a 400 (checked without recursion, so a
  thousand-level document cannot exhaust the stack anywhere later either);
- JSON whose strings hold lone surrogates (``"\\ud800"``: valid JSON, invalid Unicode, and
  unencodable when echoed back in an error message) is a 400.

Any other content type is DRF's 415 ``unsupported_media_type``.
"""

import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from tradeapi.exceptions import PayloadTooLarge

SURROGATE = re.compile("[\ud800-\udfff]")


def body_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def refuse_declared_size(parser_context: dict | None) -> None:
    """413 when the request says its body is larger than the limit."""
    request = (parser_context or {}).get("request")
    if request is None:
        return
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ParseError("Content-Length is not a number.") from None
    if declared > body_limit():
        raise PayloadTooLarge(f"The request body is over {body_limit()} bytes.")


def read_limited(stream, parser_context: dict | None) -> bytes:
    refuse_declared_size(parser_context)
    limit = body_limit()
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise PayloadTooLarge(f"The request body is over {limit} bytes.")
    return body


def check_document(document, max_depth: int) -> None:
    """Walk a parsed JSON document without recursion: depth and valid Unicode."""
    pending = [(document, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if SURROGATE.search(value):
                raise ParseError("The JSON holds invalid Unicode (a lone surrogate).")
        elif isinstance(value, dict | list):
            if depth >= max_depth:
                raise ParseError(f"The JSON is nested deeper than {max_depth} levels.")
            if isinstance(value, dict):
                pending.extend((key, depth) for key in value)
                pending.extend((item, depth + 1) for item in value.values())
            else:
                pending.extend((item, depth + 1) for item in value)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (strict: no NaN or Infinity) with the limits above."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        body = read_limited(stream, parser_context)
        try:
            document = json.loads(body.decode(encoding), parse_constant=json.strict_constant)
        except RecursionError:
            raise ParseError(f"The JSON is nested deeper than {settings.JSON_MAX_DEPTH} levels.") from None
        except ValueError as exc:  # bad JSON, undecodable bytes, an over-long integer
            raise ParseError(f"JSON parse error - {exc}") from None
        check_document(document, settings.JSON_MAX_DEPTH)
        return document


class FormParser(parsers.FormParser):
    """URL-encoded forms (the browsable API's), read no further than the limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_limited(stream, parser_context)
        return super().parse(_Bytes(body), media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    """Multipart forms; Django enforces the limit on fields, the declared length bounds the rest."""

    def parse(self, stream, media_type=None, parser_context=None):
        refuse_declared_size(parser_context)
        return super().parse(stream, media_type, parser_context)


class _Bytes:
    def __init__(self, body: bytes):
        self.body = body

    def read(self, *args) -> bytes:
        return self.body
