"""Browser login through the real login page, with CSRF checks on, then the browsable API."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from accounts.middleware import session_user
from accounts.session_tokens import SESSION_KEY
from tests.accounts.helpers import moto_signed_token
from tests.helpers import login_through_page


def session_of(client) -> SessionStore:
    return SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_login_page_then_the_browsable_api_shows_the_user(alice):
    client = Client(enforce_csrf_checks=True)
    api = client.get("/api/", HTTP_ACCEPT="text/html")
    assert b"/accounts/login/?next=/api/" in api.content  # DRF's "Log in" link goes to our page

    response = login_through_page(client, alice.username, alice.password, next_url="/api/me")
    assert response.status_code == 302
    assert response["Location"] == "/api/me"

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    stored = session_of(client)[SESSION_KEY]  # tokens stay server-side; the cookie is only the id
    assert stored["username"] == alice.username and cookie.value not in stored.values()

    page = client.get("/api/me", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert alice.username.encode() in page.content
    assert b"/accounts/logout/" in page.content  # the browsable API's "Log out" form
    assert client.get("/api/me", HTTP_ACCEPT="application/json").json()["sub"] == alice.sub


def test_wrong_password_shows_an_error_on_the_page(alice):
    client = Client(enforce_csrf_checks=True)
    response = login_through_page(client, alice.username, "Wrong-Passw0rd")
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert settings.SESSION_COOKIE_NAME not in client.cookies or SESSION_KEY not in session_of(client)
    unknown = login_through_page(Client(enforce_csrf_checks=True), "nobody-" + alice.username, "Wrong-Passw0rd")
    assert unknown.content.count(b"errornote") == response.content.count(b"errornote")


def test_login_post_without_csrf_token_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": alice.username, "password": alice.password})
    assert response.status_code == 403


def test_next_pointing_elsewhere_is_ignored(alice):
    client = Client(enforce_csrf_checks=True)
    response = login_through_page(client, alice.username, alice.password, next_url="https://evil.example/steal")
    assert response.status_code == 302
    assert response["Location"] == "/api/"


def test_session_unsafe_requests_need_the_csrf_token_bearer_requests_do_not(alice, browser_client):
    client = browser_client(alice.username)
    refused = client.patch("/api/me", {"bio": "hi"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]
    accepted = client.patch(
        "/api/me", {"bio": "hi"}, content_type="application/json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["bio"] == "hi"
    assert alice.client.patch("/api/me", {"bio": "bearer"}, format="json").status_code == 200


def test_an_expired_access_token_in_the_session_is_refreshed(alice, browser_client, aws_calls):
    client = browser_client(alice.username)
    session = session_of(client)
    stored = session[SESSION_KEY]
    session[SESSION_KEY] = {**stored, "access_token": moto_signed_token(alice, expired=True)}
    session.save()
    aws_calls.clear()

    response = client.get("/api/me", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert aws_calls[("cognito-idp", "InitiateAuth")] == 1
    fresh = session_of(client)[SESSION_KEY]["access_token"]
    assert fresh != stored["access_token"] and fresh != session[SESSION_KEY]["access_token"]
    client.get("/api/me", HTTP_ACCEPT="application/json")
    assert aws_calls[("cognito-idp", "InitiateAuth")] == 1  # the fresh token is kept


def test_logout_clears_the_session_and_signs_out_of_cognito(alice, browser_client):
    client = browser_client(alice.username)
    refresh_token = session_of(client)[SESSION_KEY]["refresh_token"]
    out = client.post("/accounts/logout/?next=/api/", {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert out.status_code == 302 and out["Location"] == "/api/"
    assert client.get("/api/me", HTTP_ACCEPT="application/json").status_code == 401
    assert APIClient().post("/api/auth/refresh", {"refresh_token": refresh_token}, format="json").status_code == 401


def test_logout_page_get_asks_before_logging_out(alice, browser_client):
    client = browser_client(alice.username)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200 and b'id="logout-form"' in page.content
    assert client.get("/api/me", HTTP_ACCEPT="application/json").status_code == 200


def test_plain_django_views_get_the_session_user(make_trader, browser_client):
    staff = make_trader("mod", staff=True)
    client = browser_client(staff.username)
    page = client.get("/accounts/login/")  # a plain Django view: request.user comes from the middleware
    assert f"You are logged in as {staff.username}".encode() in page.content
    assert b"You are logged in as" not in Client().get("/accounts/login/").content

    request = RequestFactory().get("/dashboard/")
    request.session = session_of(client)
    user = session_user(request)
    assert (user.sub, user.username, user.is_staff) == (staff.sub, staff.username, True)
    request = RequestFactory().get("/dashboard/")
    request.session = SessionStore()
    assert session_user(request).is_authenticated is False


def test_browser_session_with_a_revoked_refresh_token_is_logged_out(alice, browser_client):
    client = browser_client(alice.username)
    session = session_of(client)
    session[SESSION_KEY] = {
        **session[SESSION_KEY],
        "access_token": moto_signed_token(alice, expired=True),
        "refresh_token": "revoked-or-made-up",
    }
    session.save()
    assert client.get("/api/me", HTTP_ACCEPT="application/json").status_code == 401
    assert login_through_page(client, alice.username, alice.password).status_code == 302


def test_the_browsable_api_renders_every_accounts_page(alice, browser_client):
    client = browser_client(alice.username)
    root = client.get("/api/", HTTP_ACCEPT="text/html")
    assert root.status_code == 200
    for name in ("signup", "confirm", "login", "refresh", "logout", "password/forgot", "password/reset"):
        assert f"/api/auth/{name}".encode() in root.content
        page = client.get(f"/api/auth/{name}", HTTP_ACCEPT="text/html")
        assert page.status_code == 405, (name, page.status_code)
        assert b"<html" in page.content
    me = client.get("/api/me", HTTP_ACCEPT="text/html")
    assert b"display_name" in me.content


def test_the_browsable_api_login_form_posts_form_data(alice):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    form = urlencode(
        {
            "username": alice.username,
            "password": alice.password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        }
    )
    response = client.post(
        "/api/auth/login", form, content_type="application/x-www-form-urlencoded", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200, response.content
    assert "access_token" in response.json()


def test_api_logout_from_a_browser_session_needs_csrf_and_ends_the_session(alice, browser_client):
    client = browser_client(alice.username)
    assert client.post("/api/auth/logout", content_type="application/json").status_code == 403  # no CSRF token
    out = client.post(
        "/api/auth/logout", content_type="application/json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
    )
    assert out.status_code == 204
    assert client.get("/api/me", HTTP_ACCEPT="application/json").status_code == 401
