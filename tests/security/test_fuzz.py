"""A fuzz of every write endpoint: deep nesting, huge bodies, bad Unicode, wrong content types,
extra fields, wrong shapes. Not one answer may be a 5xx; every refusal is in the error shape.

The endpoints come from the URL resolver (every ApiView route and its unsafe methods), so a
new write endpoint is fuzzed without being listed here.
"""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tradeapi.api import ApiView

UNSAFE = ("post", "put", "patch", "delete")
FIELDS = [
    "name", "description", "visibility", "finish", "condition", "language", "set_code", "collector_number",
    "quantity", "notes", "to_binder_id", "recipient", "offered", "requested", "message", "version", "reason",
    "username", "password", "email", "code", "refresh_token", "new_password", "display_name", "bio", "location",
]  # fmt: skip


def write_routes() -> list[tuple[str, str, type]]:
    """(route pattern, method, view class) of every unsafe method of every API view."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
                if view and issubclass(view, ApiView):
                    for method in UNSAFE:
                        if hasattr(view, method):
                            found.append((prefix + str(pattern.pattern), method, view))

    walk(get_resolver().url_patterns)
    return found


def payloads() -> list[tuple[str, str, bytes]]:
    """(label, content type, body)."""
    deep = 2000
    out = [
        ("deep array", "application/json", ("[" * deep + "]" * deep).encode()),
        ("deep object", "application/json", ('{"a":' * deep + "1" + "}" * deep).encode()),
        ("deep field", "application/json", ('{"name":' + "[" * deep + "]" * deep + "}").encode()),
        ("huge", "application/json", json.dumps({"name": "x" * (3 * 1024 * 1024)}).encode()),
        ("huge form", "application/x-www-form-urlencoded", b"name=" + b"x" * (3 * 1024 * 1024)),
        ("invalid utf-8", "application/json", b'{"name": "\xff\xfe\xfd"}'),
        ("surrogate key", "application/json", b'{"\\ud800": 1}'),
        ("text/plain", "text/plain", b"hello"),
        ("xml", "application/xml", b"<a/>"),
        ("octet-stream", "application/octet-stream", b"\x00\x01"),
        ("multipart without boundary", "multipart/form-data", b"--x\r\n"),
        ("broken multipart", "multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n"),
        ("bz2 charset", "application/json; charset=bz2_codec", b'{"name": "x"}'),
        ("junk form", "application/x-www-form-urlencoded", b"%%%&&&==\xff"),
        ("not json", "application/json", b"{"),
        ("NaN", "application/json", b'{"quantity": NaN, "version": Infinity}'),
        ("long int", "application/json", b'{"quantity": ' + b"9" * 5000 + b"}"),
        ("null", "application/json", b"null"),
        ("list", "application/json", b"[1, 2]"),
        ("string", "application/json", b'"text"'),
        ("empty", "application/json", b""),
        ("binary csv", "text/csv", b"\x00\xff\xfe" * 100),
        ("formula csv", "text/csv", b"=cmd|' /C calc'!A0,@SUM(1)\r\n+1,-1\r\n"),
        ("bad utf-8 csv", "text/csv; charset=utf-8", b"Count,Name\r\n1,\xff\xfe\x81\r\n"),
    ]
    for field in FIELDS:
        out.append((f"surrogate in {field}", "application/json", (f'{{"{field}": "\\ud800"}}').encode()))
        out.append((f"object in {field}", "application/json", json.dumps({field: {"$ne": None}}).encode()))
        out.append((f"huge number in {field}", "application/json", (f'{{"{field}": 1e400}}').encode()))
    extra = {f: "x" for f in FIELDS} | {"is_staff": True, "__proto__": {}, "owner_sub": "someone", "zzz": [1]}
    out.append(("extra fields", "application/json", json.dumps(extra).encode()))
    out.append(("extra fields, form", "application/x-www-form-urlencoded", b"zzz=1&is_staff=true&name=x"))
    return out


@pytest.fixture
def targets(stocked):
    alice, bob = stocked
    trade = alice.client.post(
        "/api/trades/",
        {"recipient": bob.username, "offered": [{"card_id": alice.card, "quantity": 1}], "requested": []},
        format="json",
    )
    assert trade.status_code == 201, trade.content
    ids = {
        "trade_id": trade["Location"].rstrip("/").split("/")[-1],
        "binder_id": alice.binder,
        "card_id": alice.card,
        "username": bob.username,
        "import_id": "0" * 20,  # well-formed, not found
    }
    return alice, ids


def fill(route: str, ids: dict) -> str:
    for name, value in ids.items():
        route = route.replace(f"<str:{name}>", value).replace(f"<{name}>", value)
    assert "<" not in route, route
    return "/" + route


def test_no_write_endpoint_answers_5xx_to_anything(targets):
    alice, ids = targets
    routes = write_routes()
    assert len(routes) >= 12, routes
    anonymous = APIClient()
    failures, shapes, answered = [], [], 0
    for route, method, view in routes:
        client = anonymous if not view.authentication_classes else alice.client
        url = fill(route, ids)
        for label, content_type, body in payloads():
            response = client.generic(method.upper(), url, body, content_type=content_type)
            answered += 1
            if response.status_code >= 500:
                failures.append((method, url, label, response.status_code, response.content[:200]))
            elif response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
                if set(response.json()) != {"error"}:
                    shapes.append((method, url, label, response.content[:200]))
    print(f"\nfuzz: {answered} requests to {len(routes)} write endpoints, {len(failures)} x 5xx")
    assert not failures, failures[:10]
    assert not shapes, shapes[:10]
