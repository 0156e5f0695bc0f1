"""Bad input answers 400 with a message per field; unknown and read-only fields are refused."""

import pytest

from tests.binders.helpers import BOLT, add_card, create_binder, error, get_binder, ok


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"name"}),
        ({"name": ""}, {"name"}),
        ({"name": "x" * 101}, {"name"}),
        ({"name": "ok", "visibility": "public"}, {"visibility"}),
        ({"name": "ok", "description": "x" * 1001}, {"description"}),
        ({"name": 5, "visibility": None}, {"name", "visibility"}),  # a number is not a name
    ],
)
def test_binder_validation(alice, body, fields):
    details = error(alice.client.post("/api/binders/", body, format="json"), 400, "invalid")["details"]
    assert set(details) == fields and all(isinstance(m, list) and m for m in details.values())


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"name", "set_code", "collector_number"}),
        ({**BOLT, "set_code": "AB"}, {"set_code"}),
        ({**BOLT, "set_code": "ABCDEFG"}, {"set_code"}),
        ({**BOLT, "set_code": "M 1"}, {"set_code"}),
        ({**BOLT, "collector_number": ""}, {"collector_number"}),
        ({**BOLT, "scryfall_id": "not-a-uuid"}, {"scryfall_id"}),
        ({**BOLT, "finish": "shiny"}, {"finish"}),
        ({**BOLT, "condition": "mint"}, {"condition"}),
        ({**BOLT, "language": "english"}, {"language"}),
        ({**BOLT, "quantity": 0}, {"quantity"}),
        ({**BOLT, "quantity": 1000}, {"quantity"}),
        ({**BOLT, "quantity": "lots"}, {"quantity"}),
        ({**BOLT, "quantity": -3, "condition": "??"}, {"quantity", "condition"}),
    ],
)
def test_card_validation(alice, body, fields):
    details = error(alice.client.post("/api/binders/default/cards/", body, format="json"), 400, "invalid")["details"]
    assert set(details) == fields
    assert get_binder(alice, "default")["card_count"] == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("id", "myownid00000"),
        ("owner", "someone"),
        ("owner_sub", "someone"),
        ("card_count", 500),
        ("created_at", "2020-01-01T00:00:00.000000Z"),
        ("updated_at", "x"),
        ("is_default", True),
        ("version", 9),
    ],
)
def test_binder_mass_assignment_is_refused(alice, field, value):
    details = error(
        alice.client.post("/api/binders/", {"name": f"Mass {field}", field: value}, format="json"), 400, "invalid"
    )["details"]
    assert set(details) == {field}
    binder = create_binder(alice, f"Mass {field}")
    details = error(alice.client.patch(f"/api/binders/{binder['id']}/", {field: value}, format="json"), 400, "invalid")[
        "details"
    ]
    assert set(details) == {field}
    assert get_binder(alice, binder["id"]) == binder


@pytest.mark.parametrize(
    "field, value",
    [
        ("id", "default-0000000000000000"),
        ("owner", "someone"),
        ("binder_id", "zzzzzzzzzzzz"),
        ("card_count", 5),
        ("created_at", "2020-01-01T00:00:00.000000Z"),
        ("card_id", "x"),
    ],
)
def test_card_mass_assignment_is_refused(alice, field, value):
    details = error(
        alice.client.post("/api/binders/default/cards/", {**BOLT, field: value}, format="json"), 400, "invalid"
    )["details"]
    assert set(details) == {field}
    card = add_card(alice, "default", BOLT, 1)
    url = f"/api/binders/default/cards/{card['id']}/"
    error(alice.client.patch(url, {field: value}, format="json"), 400, "invalid")
    assert ok(alice.client.get(url)) == card


def test_patch_validation(alice):
    binder = create_binder(alice, "Patchy")
    card = add_card(alice, binder["id"], BOLT, 2)
    url = f"/api/binders/{binder['id']}/cards/{card['id']}/"
    for body, field in (
        ({"quantity": 0}, "quantity"),
        ({"quantity": 1000}, "quantity"),
        ({"name": ""}, "name"),
        ({"notes": "x" * 1001}, "notes"),
    ):
        assert set(error(alice.client.patch(url, body, format="json"), 400, "invalid")["details"]) == {field}
    error(alice.client.patch(f"/api/binders/{binder['id']}/", {"name": ""}, format="json"), 400, "invalid")
    error(alice.client.patch(f"/api/binders/{binder['id']}/", {"visibility": "open"}, format="json"), 400, "invalid")
    assert get_binder(alice, binder["id"])["card_count"] == 2


def test_malformed_json_and_bad_query_parameters(alice):
    response = alice.client.post("/api/binders/", "{not json", content_type="application/json")
    error(response, 400, "malformed_request")
    error(alice.client.delete("/api/binders/default/?force=perhaps"), 400, "invalid")
    error(alice.client.get("/api/binders/?limit=abc"), 400, "invalid")


def test_unauthenticated_requests_are_401(client):
    for method, url in (
        ("get", "/api/binders/"),
        ("post", "/api/binders/"),
        ("get", "/api/cards/"),
        ("get", "/api/binders/default/cards/"),
        ("get", "/api/traders/alice/binders/"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
