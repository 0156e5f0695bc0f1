"""The request line, request ids on every log line, and the EMF metrics the line carries (docs/operations.md)."""

import json
import logging
import re
import uuid
from datetime import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from tests.helpers import captured_logs, recorded_aws_calls
from tests.trades.helpers import act, add_card, make_binder, propose
from tradeapi import aws
from tradeapi.observability import context, metrics, middleware
from tradeapi.observability.logs import JsonFormatter, PlainFormatter, RequestContextFilter

REQUEST_FIELDS = {"method", "route", "status", "latency_ms", "cold_start", "sub", "version", "request_id"}


def request_lines(capture) -> list[dict]:
    return [
        json.loads(line)
        for line, r in zip(capture.lines, capture.records, strict=True)
        if r.name == "tradeapi.requests"
    ]


def lambda_environ(gateway_id: str, lambda_id: str) -> dict:
    """What Zappa's handler adds to the WSGI environ: the API Gateway event and the Lambda context."""
    return {
        "lambda.event": {"requestContext": {"requestId": gateway_id, "identity": {"sourceIp": "203.0.113.9"}}},
        "lambda.context": SimpleNamespace(aws_request_id=lambda_id),
    }


def test_one_json_line_per_request_with_its_fields(alice):
    context.take_cold_start()  # whichever test ran first in this process had the cold start
    with captured_logs() as logs:
        response = alice.client.get("/api/me")
    assert response.status_code == 200
    [line] = request_lines(logs)
    assert REQUEST_FIELDS <= set(line)
    assert line["logger"] == "tradeapi.requests" and line["level"] == "INFO"
    assert datetime.fromisoformat(line["timestamp"]).utcoffset().total_seconds() == 0
    assert line["timestamp"].endswith("Z")
    assert (line["method"], line["route"], line["status"]) == ("GET", "/api/me", 200)
    assert line["latency_ms"] > 0 and line["cold_start"] is False
    assert line["sub"] == alice.sub and line["version"] == "dev"
    # Off Lambda the request id is generated, and returned like API Gateway's would be.
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"]) and response["X-Request-Id"] == line["request_id"]
    assert "lambda_request_id" not in line


def test_the_route_is_the_url_pattern_not_the_path(alice):
    trade_id = uuid.uuid4().hex[:20]
    with captured_logs() as logs:
        response = alice.client.get(f"/api/trades/{trade_id}/")
    assert response.status_code == 404
    [line] = request_lines(logs)
    assert line["route"] == "/api/trades/<str:trade_id>/" and line["Route"] == line["route"]
    assert trade_id not in json.dumps(line)
    with captured_logs() as logs:
        APIClient().get(f"/no/such/{trade_id}")
    assert request_lines(logs)[0]["route"] == "(unmatched)"  # scanners' paths never become dimensions


def test_on_lambda_the_api_gateway_request_id_is_the_answer_and_on_every_line():
    gateway_id, lambda_id = f"gw-{uuid.uuid4()}", f"lambda-{uuid.uuid4()}"
    with captured_logs() as logs:
        response = APIClient().get("/no/such/page", **lambda_environ(gateway_id, lambda_id))
    assert response.status_code == 404
    assert response["X-Request-Id"] == gateway_id
    lines = [json.loads(line) for line in logs.lines]
    django_line = next(line for line in lines if line["logger"] == "django.request")  # "Not Found: /no/such/page"
    request_line = next(line for line in lines if line["logger"] == "tradeapi.requests")
    for line in (django_line, request_line):
        assert line["request_id"] == gateway_id and line["lambda_request_id"] == lambda_id
    assert django_line["level"] == "WARN" and request_line["route"] == "(unmatched)"


def test_cold_start_is_the_first_request_of_the_process_or_of_a_restored_environment():
    context.reset_cold_start()  # what the SnapStart after-restore hook does
    with captured_logs() as logs:
        APIClient().get("/health")
        APIClient().get("/health")
    first, second = request_lines(logs)
    assert (first["cold_start"], first["ColdStarts"]) == (True, 1)
    assert (second["cold_start"], second["ColdStarts"]) == (False, 0)


def test_formatters_use_lambdas_level_names_keep_exceptions_and_blank_credentials():
    logger = logging.getLogger("tradeapi.test")
    token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
    scope = context.RequestScope("req-1", "lambda-1")
    with captured_logs() as logs:
        marker = context.begin(scope)
        try:
            logger.warning("header was Bearer %s", token)
            try:
                raise ValueError(f"bad token {token}")
            except ValueError:
                logger.exception("failed")
        finally:
            context.end(marker)
        logger.info("outside a request")
    warning, error, outside = (json.loads(line) for line in logs.lines)
    assert warning["level"] == "WARN" and warning["message"] == "header was [redacted]"
    assert error["level"] == "ERROR" and "ValueError: bad token [redacted]" in error["exception"]
    assert warning["request_id"] == error["request_id"] == "req-1" and error["lambda_request_id"] == "lambda-1"
    assert "request_id" not in outside
    assert token not in "".join(logs.lines)
    plain = logging.LogRecord("tradeapi.test", logging.INFO, __file__, 1, "token %s", (token,), None)
    RequestContextFilter().filter(plain)
    assert PlainFormatter().format(plain) == "INFO tradeapi.test token [redacted]"
    assert json.loads(JsonFormatter().format(plain))["message"] == "token [redacted]"


# --- metrics: CloudWatch embedded metric format ------------------------------------------


def test_the_request_line_is_an_emf_document(alice):
    with captured_logs() as logs, recorded_aws_calls() as calls:
        response = alice.client.get("/api/binders/")
    assert response.status_code == 200
    [line] = request_lines(logs)
    block = line["_aws"]
    assert isinstance(block["Timestamp"], int) and abs(block["Timestamp"] / 1000 - datetime.now().timestamp()) < 60
    per_service, per_route = block["CloudWatchMetrics"]
    assert per_service["Namespace"] == per_route["Namespace"] == "tradeapi"
    assert per_service["Dimensions"] == [["Service"]] and per_route["Dimensions"] == [["Service", "Route"]]
    assert per_service["Metrics"] == [
        {"Name": "Requests", "Unit": "Count"},
        {"Name": "Latency", "Unit": "Milliseconds"},
        {"Name": "Errors4xx", "Unit": "Count"},
        {"Name": "Errors5xx", "Unit": "Count"},
        {"Name": "Throttled", "Unit": "Count"},
        {"Name": "IdempotentReplays", "Unit": "Count"},
        {"Name": "ColdStarts", "Unit": "Count"},
        {"Name": "DynamoDBCalls", "Unit": "Count"},
        {"Name": "TradesProposed", "Unit": "Count"},
        {"Name": "TradesCompleted", "Unit": "Count"},
    ]
    assert per_route["Metrics"] == [{"Name": "Latency", "Unit": "Milliseconds"}]  # one custom metric per route
    # Every dimension and metric is a root member; dimensions are low-cardinality (no sub, no path).
    assert line["Service"] == "tradeapi-local" and line["Route"] == "/api/binders/"
    assert line["Latency"] == line["latency_ms"]
    assert {k: line[k] for k in ("Requests", "Errors4xx", "Errors5xx", "Throttled", "IdempotentReplays")} == {
        "Requests": 1,
        "Errors4xx": 0,
        "Errors5xx": 0,
        "Throttled": 0,
        "IdempotentReplays": 0,
    }
    dynamodb = sum(n for (service, _), n in calls.items() if service == "dynamodb")
    assert line["DynamoDBCalls"] == line["dynamodb_calls"] == dynamodb >= 1
    assert "DynamoDBConsumedCapacity" not in line  # no response carried ConsumedCapacity


def test_consumed_capacity_is_summed_when_a_response_carries_it():
    scope = context.RequestScope("req-1")
    values = metrics.request_values(status=200, latency_ms=1.0, replayed=False, scope=scope)
    assert "DynamoDBConsumedCapacity" not in values
    scope.consumed_capacity = 1.5 + 2.0  # a TransactWriteItems answer lists one entry per table
    values = metrics.request_values(status=200, latency_ms=1.0, replayed=False, scope=scope)
    document = metrics.emf(values, route="/api/trades/<str:trade_id>/accept", timestamp_ms=1)
    assert document["DynamoDBConsumedCapacity"] == 3.5
    assert {"Name": "DynamoDBConsumedCapacity", "Unit": "Count"} in document["_aws"]["CloudWatchMetrics"][0]["Metrics"]


@pytest.fixture
def stocked(alice, bob):
    """Alice and Bob, each with a tradeable binder holding a card (``.card``)."""
    for trader, set_code in ((alice, "LEA"), (bob, "LEB")):
        trader.card = add_card(trader.sub, make_binder(trader.sub), 5, set_code=set_code)
    return alice, bob


def test_4xx_throttled_and_idempotent_replays_are_counted(alice, settings):
    key = str(uuid.uuid4())
    body = {"name": f"b{uuid.uuid4().hex[:8]}", "visibility": "private"}
    with captured_logs() as logs:
        first = alice.client.post("/api/binders/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        replay = alice.client.post("/api/binders/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        invalid = alice.client.post("/api/binders/", {"name": ""}, format="json")
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "auth": "1/minute"}
        for _ in range(2):
            last = APIClient().post("/api/auth/login", {"username": "nobody", "password": "x"}, format="json")
    assert (first.status_code, replay.status_code, invalid.status_code, last.status_code) == (201, 201, 400, 429)
    assert replay["Idempotent-Replayed"] == "true"
    created, replayed, refused, _, throttled = request_lines(logs)
    assert (created["IdempotentReplays"], replayed["IdempotentReplays"]) == (0, 1)
    assert replayed["idempotent_replayed"] is True
    assert (refused["Errors4xx"], refused["Throttled"]) == (1, 0)
    assert (throttled["Errors4xx"], throttled["Throttled"], throttled["status"]) == (1, 1, 429)


def test_trades_proposed_and_completed_are_counted(stocked):
    alice, bob = stocked
    with captured_logs() as logs:
        proposed = propose(alice, bob, offered=[(alice.card, 1)], requested=[(bob.card, 1)])
        assert proposed.status_code == 201, proposed.content
        accepted = act(bob, proposed.json()["id"], "accept", version=proposed.json()["version"])
        assert accepted.status_code == 200, accepted.content
    propose_line, accept_line = request_lines(logs)
    assert (propose_line["TradesProposed"], propose_line["TradesCompleted"]) == (1, 0)
    assert (accept_line["TradesProposed"], accept_line["TradesCompleted"]) == (0, 1)
    assert accept_line["route"] == "/api/trades/<str:trade_id>/accept"


def test_business_metrics_outside_a_request_are_dropped_and_names_are_checked():
    metrics.count("TradesProposed")  # the hourly expiry job: no request, nothing to attach it to
    try:
        metrics.count("trade-123")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown metric name must be refused (it would become a new custom metric)")


def test_a_requests_dynamodb_calls_and_any_consumed_capacity_reach_its_scope():
    middleware._listen()  # done when the middleware is built; idempotent
    scope = context.RequestScope("req-capacity")
    marker = context.begin(scope)
    try:
        key = {"PK": {"S": f"TEST#{uuid.uuid4().hex}"}, "SK": {"S": "X"}}
        aws.dynamodb().get_item(TableName=django_settings.TABLE_NAME, Key=key)
        aws.dynamodb().get_item(TableName=django_settings.TABLE_NAME, Key=key, ReturnConsumedCapacity="TOTAL")
    finally:
        context.end(marker)
    assert scope.dynamodb_calls == 2
    assert scope.consumed_capacity > 0  # only the call that asked for it reported any
