"""The whole account flow through HTTP against the local Cognito."""

import threading
import uuid

import pytest
from rest_framework.test import APIClient

from accounts.services import profile_get_by_username
from tests.helpers import TEST_PASSWORD


def new_name(prefix="flow") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def test_signup_confirm_login_me_refresh_logout_then_refresh_fails(settings):
    settings.COGNITO_AUTO_CONFIRM = False
    client = APIClient()
    username = new_name()

    signed = client.post(
        "/api/auth/signup",
        {"username": username, "email": f"{username}@example.com", "password": TEST_PASSWORD},
        format="json",
    )
    assert signed.status_code == 201, signed.content
    assert signed.json()["confirmed"] is False
    sub = signed.json()["sub"]

    unconfirmed = client.post("/api/auth/login", {"username": username, "password": TEST_PASSWORD}, format="json")
    assert unconfirmed.status_code == 403
    assert unconfirmed.json()["error"]["code"] == "user_not_confirmed"

    confirmed = client.post("/api/auth/confirm", {"username": username, "code": "123456"}, format="json")
    assert confirmed.status_code == 200, confirmed.content

    login = client.post("/api/auth/login", {"username": username, "password": TEST_PASSWORD}, format="json")
    assert login.status_code == 200, login.content
    tokens = login.json()
    assert set(tokens) == {"access_token", "id_token", "refresh_token", "expires_in", "token_type"}
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0

    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    me = client.get("/api/me")
    assert me.status_code == 200, me.content
    assert me.json() == {
        "url": "http://testserver/api/me",
        "binders": "http://testserver/api/binders/",
        "trades": "http://testserver/api/trades/",
        "sub": sub,
        "username": username,
        "email": f"{username}@example.com",
        "display_name": "",
        "bio": "",
        "location": "",
        "currency": "USD",
        "value": "http://testserver/api/me/value",
        "binder_count": 1,
        "trade_count": 0,
        "created_at": me.json()["created_at"],
        "updated_at": me.json()["updated_at"],
    }

    refreshed = APIClient().post("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json")
    assert refreshed.status_code == 200, refreshed.content
    assert set(refreshed.json()) == {"access_token", "id_token", "expires_in", "token_type"}
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access_token']}")
    assert client.get("/api/me").json()["sub"] == sub

    logout = client.post("/api/auth/logout")
    assert logout.status_code == 204, logout.content

    after = APIClient().post("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json")
    assert after.status_code == 401
    assert after.json()["error"]["code"] == "invalid_refresh_token"


def test_signup_with_auto_confirm_can_log_in_at_once():
    client = APIClient()
    username = new_name()
    signed = client.post(
        "/api/auth/signup",
        {"username": username, "email": f"{username}@example.com", "password": TEST_PASSWORD},
        format="json",
    )
    assert signed.status_code == 201
    assert signed.json()["confirmed"] is True
    login = client.post("/api/auth/login", {"username": username, "password": TEST_PASSWORD}, format="json")
    assert login.status_code == 200


def test_logout_needs_authentication():
    response = APIClient().post("/api/auth/logout")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_password_forgot_then_reset_with_the_code():
    client = APIClient()
    username = new_name()
    client.post(
        "/api/auth/signup",
        {"username": username, "email": f"{username}@example.com", "password": TEST_PASSWORD},
        format="json",
    )
    forgot = client.post("/api/auth/password/forgot", {"username": username}, format="json")
    assert forgot.status_code == 202
    # moto accepts any code that does not start with its own "moto-confirmation-code:" prefix.
    reset = client.post(
        "/api/auth/password/reset",
        {"username": username, "code": "123456", "password": "Brand-New-Passw0rd"},
        format="json",
    )
    assert reset.status_code == 200, reset.content
    old = client.post("/api/auth/login", {"username": username, "password": TEST_PASSWORD}, format="json")
    assert old.status_code == 401
    new = client.post("/api/auth/login", {"username": username, "password": "Brand-New-Passw0rd"}, format="json")
    assert new.status_code == 200


def test_password_forgot_answers_the_same_for_an_unknown_username():
    client = APIClient()
    unknown = client.post("/api/auth/password/forgot", {"username": new_name("nobody")}, format="json")
    assert unknown.status_code == 202
    assert unknown.json() == {"detail": "If the account exists, a reset code has been sent."}


@pytest.mark.parametrize(
    "path, body",
    [
        (
            "/api/auth/signup",
            {"username": "someone", "email": "a@example.com", "password": TEST_PASSWORD, "is_staff": True},
        ),
        ("/api/auth/login", {"username": "someone", "password": "x", "extra": 1}),
        ("/api/auth/refresh", {"refresh_token": "x", "groups": ["staff"]}),
    ],
)
def test_unknown_fields_are_refused(path, body):
    response = APIClient().post(path, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "a", "email": "a@example.com", "password": TEST_PASSWORD}, "username"),
        ({"username": "has space", "email": "a@example.com", "password": TEST_PASSWORD}, "username"),
        ({"username": "fine_name", "email": "not-an-email", "password": TEST_PASSWORD}, "email"),
        ({"username": "fine_name", "email": "a@example.com"}, "password"),
    ],
)
def test_signup_input_is_validated(body, field):
    response = APIClient().post("/api/auth/signup", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_racing_signups_for_one_username_have_one_winner():
    username = new_name("race")
    barrier = threading.Barrier(8)
    statuses = []

    def sign_up(i):
        barrier.wait()
        response = APIClient().post(
            "/api/auth/signup",
            {"username": username, "email": f"r{i}@example.com", "password": TEST_PASSWORD},
            format="json",
        )
        statuses.append((response.status_code, response.json()))

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _ in statuses) == [201] + [409] * 7
    winner = next(body for code, body in statuses if code == 201)
    assert profile_get_by_username(username=username).sub == winner["sub"]
