"""Metrics as CloudWatch embedded metric format (EMF): fields of a log line, no PutMetricData call.

CloudWatch Logs turns a JSON log line with an ``_aws.CloudWatchMetrics`` block into metric data
points: each directive names a namespace, dimension sets (lists of root keys) and metrics (root
keys holding numbers, with units). The request line (``middleware``) carries one such block:

- dimensions ``Service`` (the function name: ``tradeapi-dev``, ``tradeapi-production``) for
  every metric, and ``Service`` + ``Route`` (the URL pattern, ``(static)`` or ``(unmatched)``)
  for ``Latency`` only, so custom metrics (billed each) stay few: 10, plus one per route served
  in the month (at most 45 today); per-route errors are a Logs Insights query on the request lines;
- counters are written on every request, 0 or 1, so Sum / SampleCount is a rate.

No user id, trade id or raw path is ever a dimension. Names and units: docs/operations.md.
"""

import time

from django.conf import settings

from tradeapi.observability.context import current

COUNT, MILLISECONDS = "Count", "Milliseconds"
# Business events, counted by the services through ``count()``; written on every request (0 or more).
BUSINESS = ("TradesProposed", "TradesCompleted")
ROUTE_METRICS = ("Latency",)
UNITS = {
    "Requests": COUNT,
    "Latency": MILLISECONDS,
    "Errors4xx": COUNT,
    "Errors5xx": COUNT,
    "Throttled": COUNT,
    "IdempotentReplays": COUNT,
    "ColdStarts": COUNT,
    "DynamoDBCalls": COUNT,
    "DynamoDBConsumedCapacity": COUNT,
    **dict.fromkeys(BUSINESS, COUNT),
}


def count(name: str, value: int = 1) -> None:
    """Add ``value`` to the business event ``name`` of the request being served (no-op outside one)."""
    if name not in BUSINESS:
        raise ValueError(f"{name!r} is not a business metric ({', '.join(BUSINESS)})")
    scope = current()
    if scope is not None:
        scope.counts[name] = scope.counts.get(name, 0) + value


def request_values(*, status: int, latency_ms: float, replayed: bool, scope) -> dict[str, float]:
    """The request's metric values, by metric name (``DynamoDBConsumedCapacity`` only when known)."""
    values = {
        "Requests": 1,
        "Latency": latency_ms,
        "Errors4xx": int(400 <= status < 500),
        "Errors5xx": int(status >= 500),
        "Throttled": int(status == 429),  # only tradeapi.ratelimits answers 429
        "IdempotentReplays": int(replayed),
        "ColdStarts": int(scope.cold_start),
        "DynamoDBCalls": scope.dynamodb_calls,
        **{name: scope.counts.get(name, 0) for name in BUSINESS},
    }
    if scope.consumed_capacity:
        values["DynamoDBConsumedCapacity"] = round(scope.consumed_capacity, 2)
    return values


def emf(values: dict[str, float], *, route: str, timestamp_ms: int | None = None) -> dict:
    """The root keys of one EMF log line: the ``_aws`` block, the dimensions and the values."""
    service = settings.METRICS_SERVICE
    per_service = [{"Name": name, "Unit": UNITS[name]} for name in values]
    per_route = [{"Name": name, "Unit": UNITS[name]} for name in ROUTE_METRICS if name in values]
    directives = [{"Namespace": settings.METRICS_NAMESPACE, "Dimensions": [["Service"]], "Metrics": per_service}]
    if per_route:
        directives.append(
            {"Namespace": settings.METRICS_NAMESPACE, "Dimensions": [["Service", "Route"]], "Metrics": per_route}
        )
    return {
        "_aws": {
            "Timestamp": timestamp_ms if timestamp_ms is not None else int(time.time() * 1000),
            "CloudWatchMetrics": directives,
        },
        "Service": service,
        "Route": route,
        **values,
    }
