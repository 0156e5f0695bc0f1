"""The client's address comes from what API Gateway saw (or REMOTE_ADDR), never from a header the
client writes: rotating X-Forwarded-For is refused from request N+1, through Django and through
Zappa's WSGI translation of API Gateway REST (1.0) and HTTP API (2.0) events."""

import copy
import io
import json
import uuid

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.urls import get_script_prefix, set_script_prefix
from rest_framework.test import APIClient
from zappa.wsgi import create_wsgi_request

from tests.deploy.apigateway import rest_event
from tradeapi.client_ip import client_ident, client_ip

QUOTA = 3


def request_with(**meta):
    return RequestFactory().get("/", **meta)


def rest(source_ip: str, **extra) -> dict:
    return {"requestContext": {"identity": {"sourceIp": source_ip}}, **extra}


def http_api(source_ip: str) -> dict:
    return {"version": "2.0", "requestContext": {"http": {"sourceIp": source_ip}}}


@pytest.mark.parametrize(
    "meta, expected",
    [
        ({"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "192.0.2.1"),
        ({"REMOTE_ADDR": "9.9.9.9", "lambda.event": rest("198.51.100.7")}, "198.51.100.7"),
        ({"REMOTE_ADDR": "9.9.9.9", "lambda.event": http_api("2001:db8::1")}, "2001:db8::1"),
        ({"REMOTE_ADDR": "9.9.9.9", "lambda.event": {"requestContext": {}}}, "unknown"),  # not via API Gateway
        ({"REMOTE_ADDR": "not an address"}, "unknown"),
    ],
)
def test_the_address_is_the_peer_not_a_header(meta, expected, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(**meta)) == expected


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client wrote 6.6.6.6; our proxy appended the rest
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "", "192.0.2.1"),  # fewer hops than configured: the leftmost there is
    ],
)
def test_x_forwarded_for_counts_only_our_proxies(count, forwarded, expected, settings):
    settings.TRUSTED_PROXY_COUNT = count
    meta = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_ip(request_with(**meta)) == expected


def test_ipv6_clients_are_counted_by_their_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = client_ident(request_with(REMOTE_ADDR="2001:db8:1:2::1"))
    other = client_ident(request_with(REMOTE_ADDR="2001:db8:1:2:ffff::9"))
    assert one == other == "ip:2001:db8:1:2::/64"


def login_body() -> dict:
    return {"username": f"nobody{uuid.uuid4().hex[:8]}", "password": "Wrong-Passw0rd"}


def test_rotating_x_forwarded_for_through_django_is_refused_from_request_n_plus_1(limits):
    limits(auth=f"{QUOTA}/minute")
    client, body = APIClient(REMOTE_ADDR=f"192.0.2.{uuid.uuid4().int % 250}"), login_body()
    statuses = [
        client.post("/api/auth/login", body, format="json", HTTP_X_FORWARDED_FOR=f"10.0.{i}.{i}").status_code
        for i in range(QUOTA + 2)
    ]
    assert statuses == [401] * QUOTA + [429, 429]


def through_zappa(event: dict) -> tuple[int, dict]:
    """What Zappa's handler does with an API Gateway event: its WSGI environ, plus the event, into Django."""
    environ = create_wsgi_request(event, script_name="/dev", trailing_slash=False, binary_support=True)
    environ.update({"lambda.event": event, "HTTPS": "on", "wsgi.url_scheme": "https"})
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))

    prefix = get_script_prefix()  # the handler sets /dev for this thread: put it back for the next test
    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()  # as a WSGI server would: Django's request_finished fires
        set_script_prefix(prefix)
    return answer["status"], json.loads(body or b"{}")


def v2_event(source_ip: str, forwarded: str, body: dict) -> dict:
    """An HTTP API (payload 2.0) event, as API Gateway sends it."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/dev/api/auth/login",
        "rawQueryString": "",
        "headers": {
            "host": "abc123.execute-api.us-east-1.amazonaws.com",
            "content-type": "application/json",
            "accept": "application/json",
            "x-forwarded-for": forwarded,
            "x-forwarded-proto": "https",
        },
        "requestContext": {
            "stage": "dev",
            "http": {"method": "POST", "path": "/dev/api/auth/login", "protocol": "HTTP/1.1", "sourceIp": source_ip},
        },
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


@pytest.mark.parametrize("payload", ["rest", "http"])
def test_rotating_x_forwarded_for_through_api_gateway_events_is_refused_from_request_n_plus_1(payload, limits):
    limits(auth=f"{QUOTA}/minute")
    source, body = f"198.51.100.{uuid.uuid4().int % 250}", login_body()
    statuses = []
    for i in range(QUOTA + 2):
        forwarded = f"10.1.{i}.{i}, {source}"  # the client's made-up hop, then what API Gateway appends
        if payload == "rest":
            event = rest_event("POST", "/api/auth/login", body=body, headers={"X-Forwarded-For": forwarded})
            event["requestContext"]["identity"]["sourceIp"] = source
        else:
            event = v2_event(source, forwarded, body)
        statuses.append(through_zappa(copy.deepcopy(event))[0])
    assert statuses == [401] * QUOTA + [429, 429]
    # another address has its own budget
    other = rest_event("POST", "/api/auth/login", body=body)
    other["requestContext"]["identity"]["sourceIp"] = "203.0.113.77"
    assert through_zappa(other)[0] == 401


def test_zappa_builds_remote_addr_from_the_header_the_client_writes():
    """Why REMOTE_ADDR is never used on Lambda."""
    event = rest_event("GET", "/health", headers={"X-Forwarded-For": "6.6.6.6, 7.7.7.7"})
    environ = create_wsgi_request(event, script_name="/dev")
    assert environ["REMOTE_ADDR"] == "6.6.6.6"
    assert isinstance(environ["wsgi.input"], io.BytesIO)
