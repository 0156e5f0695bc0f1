"""Bad input is a 4xx in the error shape, never a 500: nesting, size, Unicode, content types."""

import json
import uuid

import pytest
from django.test import Client

from tests.security.helpers import error

DEEP = 1000


def post_raw(client, url, body: bytes, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


@pytest.mark.parametrize("document", ["[" * DEEP + "]" * DEEP, '{"a":' * DEEP + "1" + "}" * DEEP])
def test_deep_nesting_is_400(alice, document):
    error(post_raw(alice.client, "/api/binders/", document.encode()), 400, "malformed_request")
    error(post_raw(Client(), "/api/auth/login", document.encode()), 400, "malformed_request")


def test_nesting_within_the_limit_is_parsed(alice, settings):
    inside = json.dumps({"name": "n", "description": "d", "extra": [[[[1]]]]}).encode()
    assert post_raw(alice.client, "/api/binders/", inside).status_code in (201, 400)
    settings.JSON_MAX_DEPTH = 3
    error(post_raw(alice.client, "/api/binders/", inside), 400, "malformed_request")


def test_a_body_over_the_limit_is_413(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    big = json.dumps({"name": "x" * 20_000}).encode()
    error(post_raw(alice.client, "/api/binders/", big), 413, "request_too_large")
    error(post_raw(Client(), "/api/auth/signup", big), 413, "request_too_large")
    form = b"name=" + b"x" * 20_000
    error(post_raw(alice.client, "/api/binders/", form, "application/x-www-form-urlencoded"), 413, "request_too_large")
    keyed = alice.client.generic(
        "POST", "/api/binders/", big, content_type="application/json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    error(keyed, 413, "request_too_large")


def test_a_default_sized_huge_body_is_413(alice):
    huge = json.dumps({"name": "x" * (3 * 1024 * 1024)}).encode()
    error(post_raw(alice.client, "/api/binders/", huge), 413, "request_too_large")


def test_a_huge_form_post_outside_the_api_is_413():
    client = Client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    response = client.post(
        "/accounts/login/", b"username=" + b"x" * (3 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


@pytest.mark.parametrize("field", ["visibility", "name", "description"])
@pytest.mark.parametrize("surrogate", ["\\ud800", "\\udfff", "\\ud83d"])
def test_a_lone_surrogate_is_400_not_500(alice, field, surrogate):
    body = (f'{{"name": "ok", "{field}": "a{surrogate}b"}}').encode()
    error(post_raw(alice.client, "/api/binders/", body), 400, "malformed_request")


def test_a_lone_surrogate_in_a_card_choice_field_is_400(alice):
    binder = alice.client.post("/api/binders/", {"name": f"U {uuid.uuid4().hex[:6]}"}, format="json")["Location"]
    for field in ("finish", "condition", "language"):
        body = (
            f'{{"name": "Breeding Pool", "set_code": "RNA", "collector_number": "246", "{field}": "\\ud800"}}'
        ).encode()
        error(post_raw(alice.client, f"{binder}cards/", body), 400, "malformed_request")


def test_a_valid_surrogate_pair_is_fine(alice):
    body = f'{{"name": "Dragon \\ud83d\\udc09 {uuid.uuid4().hex[:6]}"}}'
    assert post_raw(alice.client, "/api/binders/", body.encode()).status_code == 201


@pytest.mark.parametrize(
    "body", [b'{"name": "\xff\xfe"}', b"\x00", b'{"name": ', b'{"quantity": NaN}', b'{"q": ' + b"9" * 5000 + b"}"]
)
def test_malformed_json_is_400(alice, body):
    error(post_raw(alice.client, "/api/binders/", body), 400, "malformed_request")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "application/octet-stream", "image/png", "application/x-yaml"]
)
def test_an_unsupported_content_type_is_415(alice, content_type):
    error(post_raw(alice.client, "/api/binders/", b'{"name": "x"}', content_type), 415, "unsupported_media_type")


@pytest.mark.parametrize("charset", ["bz2_codec", "no-such-charset", "utf-16"])
def test_odd_charsets_are_refused_or_decoded_never_500(alice, charset):
    response = post_raw(alice.client, "/api/binders/", b'{"name": "x"}', f"application/json; charset={charset}")
    assert response.status_code < 500
