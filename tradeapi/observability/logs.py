"""Log formatting: JSON lines on Lambda, readable text locally; every line carries the request's ids.

settings.LOGGING puts ``RequestContextFilter`` on the one handler and picks ``JsonFormatter``
(``TRADEAPI_LOG_FORMAT=json``, the default when ``AWS_LAMBDA_FUNCTION_NAME`` is set) or
``PlainFormatter``. A JSON line is one object: ``timestamp`` (RFC 3339, UTC), ``level`` (Lambda's
names: WARN, not WARNING, so its log-level filtering understands them), ``logger``, ``message``,
``request_id``, ``lambda_request_id``, an ``exception`` when there is one, and whatever the caller
passed as ``extra={"fields": {...}}`` (the request line's fields and its EMF metrics).

Nothing here decides what is safe to log: callers never pass tokens, passwords, cookies or
headers. As a second line of defence both formatters blank anything shaped like a JWT or a
``Bearer`` credential.
"""

import json
import logging
import re
from datetime import UTC, datetime

from tradeapi.observability.context import current

LEVELS = {"WARNING": "WARN", "CRITICAL": "FATAL"}  # Lambda's level names; the others are the same
SECRETS = re.compile(
    r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_.-]*"  # a JWT (JWS), or the start of a JWE
    r"|(?i:bearer)\s+[^\s\"',;]+"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return SECRETS.sub(REDACTED, text) if ("eyJ" in text or "earer" in text) else text


class RequestContextFilter(logging.Filter):
    """Stamp every record with the ids of the request being served (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        scope = current()
        record.request_id = scope.request_id if scope else None
        record.lambda_request_id = scope.lambda_request_id if scope else None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")[:-6] + "Z",
            "level": LEVELS.get(record.levelname, record.levelname),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is None and (scope := current()) is not None:  # a handler without the filter
            request_id, record.lambda_request_id = scope.request_id, scope.lambda_request_id
        if request_id is not None:
            line["request_id"] = request_id
            if getattr(record, "lambda_request_id", None):
                line["lambda_request_id"] = record.lambda_request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = redact(record.exc_text)
        return json.dumps(line, default=str, separators=(",", ":"))


class PlainFormatter(logging.Formatter):
    """``LEVEL logger message``, as before JSON logging (``make run``, tests)."""

    def __init__(self, fmt: str = "%(levelname)s %(name)s %(message)s", **kwargs):
        super().__init__(fmt, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
