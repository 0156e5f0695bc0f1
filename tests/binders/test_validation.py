"""Bad input answers 400 with a message per field; unknown and read-only fields are refused."""

import pytest

from tests.binders.helpers import POOL, POOL_ID, add_card, create_binder, error, get_binder, ok


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
        ({}, {"scryfall_id", "set_code", "collector_number"}),
        ({"name": "Breeding Pool"}, {"scryfall_id", "set_code", "collector_number"}),  # a name is not a printing
        ({"set_code": "RNA"}, {"scryfall_id", "collector_number"}),
        ({"collector_number": "246", "quantity": 2}, {"scryfall_id", "set_code"}),
        ({**POOL, "set_code": "A"}, {"set_code"}),
        ({**POOL, "set_code": "ABCDEFG"}, {"set_code"}),
        ({**POOL, "set_code": "M 1"}, {"set_code"}),
        ({**POOL, "collector_number": ""}, {"collector_number"}),
        ({**POOL, "scryfall_id": "not-a-uuid"}, {"scryfall_id"}),
        ({**POOL, "finish": "shiny"}, {"finish"}),
        ({**POOL, "condition": "mint"}, {"condition"}),
        ({**POOL, "language": "english"}, {"language"}),
        ({**POOL, "quantity": 0}, {"quantity"}),
        ({**POOL, "quantity": 1000}, {"quantity"}),
        ({**POOL, "quantity": "lots"}, {"quantity"}),
        ({**POOL, "quantity": -3, "condition": "??"}, {"quantity", "condition"}),
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
    "body, code, fields",
    [
        ({"set_code": "RNA", "collector_number": "999"}, "unknown_printing", {"collector_number"}),
        ({"set_code": "M11", "collector_number": "149"}, "unknown_printing", {"collector_number"}),
        ({"scryfall_id": "00000000-0000-4000-8000-000000000000"}, "unknown_printing", {"scryfall_id"}),
        ({**POOL, "name": "Tarmogoyf"}, "printing_mismatch", {"name"}),
        ({**POOL, "name": "Breeding"}, "printing_mismatch", {"name"}),
        ({"scryfall_id": POOL_ID, "set_code": "GTC"}, "printing_mismatch", {"set_code"}),
        ({"scryfall_id": POOL_ID, "collector_number": "240"}, "printing_mismatch", {"collector_number"}),
        ({"set_code": "EXP", "collector_number": "15", "finish": "nonfoil"}, "finish_not_available", {"finish"}),
        ({**POOL, "finish": "etched"}, "finish_not_available", {"finish"}),
    ],
)
def test_a_card_must_name_a_catalog_printing(alice, body, code, fields):
    refused = error(alice.client.post("/api/binders/default/cards/", body, format="json"), 400, code)
    assert set(refused["details"]) == fields
    assert get_binder(alice, "default")["card_count"] == 0


def test_finish_not_available_names_the_finishes_there_are(alice):
    body = {"set_code": "CLB", "collector_number": "483", "finish": "foil"}
    refused = error(alice.client.post("/api/binders/default/cards/", body, format="json"), 400, "finish_not_available")
    assert "etched" in refused["details"]["finish"][0]


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
        alice.client.post("/api/binders/default/cards/", {**POOL, field: value}, format="json"), 400, "invalid"
    )["details"]
    assert set(details) == {field}
    card = add_card(alice, "default", POOL, 1)
    url = f"/api/binders/default/cards/{card['id']}/"
    error(alice.client.patch(url, {field: value}, format="json"), 400, "invalid")
    assert ok(alice.client.get(url)) == card


def test_patch_validation(alice):
    binder = create_binder(alice, "Patchy")
    card = add_card(alice, binder["id"], POOL, 2)
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
