"""The request line: one log line per request, with its ids, timing, outcome and EMF metrics.

Outermost middleware (settings.MIDDLEWARE), so the latency covers every other middleware and the
request id is set before anything else logs. It:

- takes the request ids (API Gateway's from the Lambda event in the WSGI environ, or a fresh one
  off Lambda; Lambda's from ``context.aws_request_id``) into the request scope, where the log
  filter finds them for every line the request writes;
- answers with ``X-Request-Id`` (API Gateway's id: the key to find the request's lines);
- counts the request's DynamoDB calls through ``tradeapi.aws``'s call listeners (and the
  ``ConsumedCapacity`` of responses that carry one);
- writes ``tradeapi.requests``: method, route (the URL pattern, never the raw path's ids or
  query), status, latency_ms, cold_start, the trader's sub, the app version, and the metrics.
"""

import logging
import time

from django.conf import settings
from django.core.signals import request_finished

from tradeapi import aws
from tradeapi.idempotency import REPLAYED
from tradeapi.observability import context, metrics

logger = logging.getLogger("tradeapi.requests")
REQUEST_ID_HEADER = "X-Request-Id"
STATIC, UNMATCHED = "(static)", "(unmatched)"


def _on_call(service: str, operation: str) -> None:
    if service == "dynamodb" and (scope := context.current()) is not None:
        scope.dynamodb_calls += 1


def _on_response(service: str, operation: str, parsed: dict) -> None:
    if service != "dynamodb" or (scope := context.current()) is None:
        return
    consumed = parsed.get("ConsumedCapacity")
    for item in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
        scope.consumed_capacity += float(item.get("CapacityUnits", 0) or 0)


_listening = False


def _listen() -> None:
    global _listening
    if not _listening:
        aws.add_call_listener(_on_call)
        aws.add_response_listener(_on_response)
        request_finished.connect(context.clear, dispatch_uid="tradeapi-observability-clear")
        _listening = True


def route_of(request) -> str:
    """The URL pattern that served the request: few values, so fit for a metric dimension."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return STATIC
    return UNMATCHED


def _sub(request) -> str | None:
    user = getattr(request, "user", None)  # DRF sets it on the Django request once it authenticates
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "sub", None)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        _listen()

    def __call__(self, request):
        started = time.perf_counter()
        request_id, lambda_request_id = context.request_ids(request.META)
        scope = context.RequestScope(request_id, lambda_request_id, cold_start=context.take_cold_start())
        context.begin(scope)  # until request_finished (context.clear): Django logs 4xx/5xx after the middleware
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        self.log(request, response, scope, round((time.perf_counter() - started) * 1000, 1))
        return response

    @staticmethod
    def log(request, response, scope: context.RequestScope, latency_ms: float) -> None:
        route = route_of(request)
        status = response.status_code
        replayed = response.get(REPLAYED, "").lower() == "true"
        fields = {
            "method": request.method,
            "route": route,
            "status": status,
            "latency_ms": latency_ms,
            "cold_start": scope.cold_start,
            "sub": _sub(request),
            "version": settings.APP_VERSION,
            "dynamodb_calls": scope.dynamodb_calls,
        }
        if replayed:
            fields["idempotent_replayed"] = True
        values = metrics.request_values(status=status, latency_ms=latency_ms, replayed=replayed, scope=scope)
        fields.update(metrics.emf(values, route=route))
        level = logging.ERROR if status >= 500 else logging.INFO
        logger.log(level, "%s %s %s %.0f ms", request.method, route, status, latency_ms, extra={"fields": fields})
