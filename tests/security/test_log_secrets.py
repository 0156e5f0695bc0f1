"""No secret reaches the logs: the whole auth flow, API and browser, with every log line captured.

The flow: sign-up, confirmation, a failed and a good login, /api/me with the access token, a
refresh, logout, a refresh that fails, a password reset, a bad Bearer token; then a browser login
through /accounts/login/ (CSRF token, session cookie, tokens kept in the session), a CSRF-checked
write and the browser logout. Every line is captured as production writes it (JSON, with the app's
and Django's loggers turned down to DEBUG), and searched for each secret the flow used. (No
SECRET_HASH here: the local app client has no secret; the hash is computed in accounts.cognito and
goes only into the Cognito call's parameters, which botocore logs only at DEBUG, and LOGGING pins
botocore at WARNING.)
"""

import json
import uuid

from django.conf import settings as django_settings
from django.contrib.sessions.backends.cache import SessionStore
from django.test import Client
from rest_framework.test import APIClient

from accounts.session_tokens import SESSION_KEY
from tests.helpers import captured_logs

APP_LOGGERS = ("accounts", "binders", "trades", "moderation", "dashboard", "tradeapi", "django", "zappa")
EMULATOR_LOGGERS = ("moto", "werkzeug")  # the embedded AWS emulator's own lines: not the app's


def _password() -> str:
    return f"Pw-{uuid.uuid4().hex}-9a"


def _api_flow(username: str, secrets: dict[str, str]) -> None:
    client = APIClient()
    email = f"{username}@example.com"
    signed = client.post(
        "/api/auth/signup", {"username": username, "email": email, "password": secrets["password"]}, format="json"
    )
    assert signed.status_code == 201, signed.content
    assert client.post("/api/auth/confirm", {"username": username, "code": "123456"}, format="json").status_code == 200
    wrong = client.post("/api/auth/login", {"username": username, "password": secrets["wrong password"]}, format="json")
    assert wrong.status_code == 401
    login = client.post("/api/auth/login", {"username": username, "password": secrets["password"]}, format="json")
    assert login.status_code == 200, login.content
    tokens = login.json()
    secrets.update(
        {
            "access token": tokens["access_token"],
            "id token": tokens["id_token"],
            "refresh token": tokens["refresh_token"],
        }
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    assert client.get("/api/me").status_code == 200
    refreshed = APIClient().post("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json")
    assert refreshed.status_code == 200, refreshed.content
    secrets.update(
        {"refreshed access token": refreshed.json()["access_token"], "refreshed id token": refreshed.json()["id_token"]}
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access_token']}")
    assert client.get("/api/me").status_code == 200
    assert client.post("/api/auth/logout").status_code == 204
    after = APIClient().post("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json")
    assert after.status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION=f"Bearer {secrets['forged bearer']}")
    assert bad.get("/api/me").status_code == 401
    assert client.post("/api/auth/password/forgot", {"username": username}, format="json").status_code == 202
    reset = client.post(
        "/api/auth/password/reset",
        {"username": username, "code": "123456", "password": secrets["new password"]},
        format="json",
    )
    assert reset.status_code == 200, reset.content


def _browser_flow(username: str, secrets: dict[str, str]) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert browser.get("/accounts/login/").status_code == 200
    csrf = browser.cookies["csrftoken"].value
    form = {"username": username, "password": secrets["new password"], "csrfmiddlewaretoken": csrf, "next": "/api/me"}
    logged_in = browser.post("/accounts/login/", form)
    assert logged_in.status_code == 302, logged_in.content[:300]
    session_id = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    stored = SessionStore(session_key=session_id)[SESSION_KEY]
    secrets.update({"CSRF token": browser.cookies["csrftoken"].value, "login form CSRF token": csrf})
    secrets["session cookie"] = session_id
    secrets.update({f"session's {name}": value for name, value in stored.items() if "token" in name and value})
    page = browser.get("/api/me", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    csrf = browser.cookies["csrftoken"].value
    patched = browser.patch(
        "/api/me", json.dumps({"display_name": "Logged"}), content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert patched.status_code == 200, patched.content
    assert browser.post("/accounts/logout/", {"csrfmiddlewaretoken": csrf}).status_code == 302


def test_the_auth_flow_logs_no_password_token_cookie_or_csrf_token(settings):
    settings.COGNITO_AUTO_CONFIRM = False
    username = f"logs{uuid.uuid4().hex[:10]}"
    secrets = {
        "password": _password(),
        "wrong password": _password(),
        "new password": _password(),
        "forged bearer": f"forged-{uuid.uuid4().hex}",
    }
    with captured_logs(*APP_LOGGERS) as logs:
        _api_flow(username, secrets)
        _browser_flow(username, secrets)

    app = [
        (line, r) for line, r in zip(logs.lines, logs.records, strict=True) if not r.name.startswith(EMULATOR_LOGGERS)
    ]
    requests = [json.loads(line) for line, record in app if record.name == "tradeapi.requests"]
    assert len(requests) == 17 and {r["route"] for r in requests} >= {"/api/auth/login", "/accounts/login/", "/api/me"}
    assert any(r["sub"] for r in requests)  # the lines do name the trader, by sub
    # Everything a line could hold: the formatted line, and the record's raw message, arguments and extras.
    text = "\n".join(line + "\n" + repr(record.msg) + repr(record.args) + repr(record.__dict__) for line, record in app)
    assert len(secrets) >= 14, sorted(secrets)
    leaked = sorted(name for name, value in secrets.items() if value and value in text)
    assert not leaked, f"found in the logs: {leaked}"
    assert "authorization" not in text.lower().replace("authorization_", "")  # no header is logged by name either
