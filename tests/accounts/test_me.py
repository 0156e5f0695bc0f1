"""/api/me: each trader sees and changes only their own profile, and only the writable fields."""

import pytest
from rest_framework.test import APIClient

from tests.helpers import cognito_login


def test_each_trader_sees_only_their_own_profile(alice, bob):
    mine, theirs = alice.client.get("/api/me").json(), bob.client.get("/api/me").json()
    assert (mine["sub"], mine["username"], mine["email"]) == (alice.sub, alice.username, alice.email)
    assert (theirs["sub"], theirs["username"]) == (bob.sub, bob.username)


def test_patch_changes_the_writable_fields_of_the_caller_only(alice, bob):
    response = alice.client.patch(
        "/api/me", {"display_name": "Alice A.", "bio": "Modern, Pauper", "location": "Lyon"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["display_name"], body["bio"], body["location"]) == ("Alice A.", "Modern, Pauper", "Lyon")
    assert alice.client.get("/api/me").json()["display_name"] == "Alice A."
    assert bob.client.get("/api/me").json()["display_name"] == ""


@pytest.mark.parametrize(
    "field, value",
    [
        ("username", "someone-else"),
        ("email", "evil@example.com"),
        ("sub", "00000000-0000-0000-0000-000000000000"),
        ("binder_count", 99),
        ("created_at", "2000-01-01T00:00:00Z"),
        ("suspended", False),
    ],
)
def test_patch_cannot_change_anything_else(field, value, alice):
    before = alice.client.get("/api/me").json()
    response = alice.client.patch("/api/me", {field: value, "bio": "sneaky"}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert alice.client.get("/api/me").json() == before  # nothing written, not even the bio


def test_patch_validates_lengths_and_needs_a_field(alice):
    assert alice.client.patch("/api/me", {"display_name": "x" * 65}, format="json").status_code == 400
    assert alice.client.patch("/api/me", {}, format="json").status_code == 400
    assert alice.client.patch("/api/me", ["bio"], format="json").status_code == 400


def test_me_needs_authentication():
    response = APIClient().get("/api/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_cognito_user_without_a_profile_gets_404(make_cognito_user, bearer_client):
    account = make_cognito_user()
    response = bearer_client(account.username).get("/api/me")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "profile_not_found"


def test_me_costs_one_get_item(alice, aws_calls):
    token = cognito_login(alice.username)["AccessToken"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get("/api/me")
    aws_calls.clear()
    assert client.get("/api/me").status_code == 200
    assert dict(aws_calls) == {("dynamodb", "GetItem"): 1}
