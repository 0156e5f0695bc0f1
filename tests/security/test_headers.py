"""Security headers: CSP without inline script on every HTML page, no-store on authenticated
answers, Permissions-Policy, and production's HTTPS settings passing `check --deploy`."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_strict_html(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/html")
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert not any("unsafe" in value for values in directives.values() for value in values)
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not HANDLER_ATTRIBUTE.search(html), HANDLER_ATTRIBUTE.search(html).group(0)
    assert "<style" not in html.lower()


def test_the_login_page_has_a_strict_csp(client):
    assert_strict_html(client.get("/accounts/login/"))


def test_the_browsable_api_has_a_strict_csp(browser_client, alice):
    browser = browser_client(alice.username)
    for url in ("/api/", "/api/binders/", "/api/trades/", "/api/me"):
        assert_strict_html(browser.get(url, HTTP_ACCEPT="text/html"))


def test_the_dashboard_has_a_strict_csp(browser_client, make_trader):
    staff = make_trader("mod", staff=True)
    browser = browser_client(staff.username)
    for url in ("/dashboard/", "/dashboard/trades/", "/dashboard/users/", "/dashboard/audit/"):
        response = browser.get(url)
        assert_strict_html(response)
        assert "no-store" in response["Cache-Control"]


def test_authenticated_answers_are_not_stored_by_caches(alice, client):
    assert alice.client.get("/api/me")["Cache-Control"] == "no-store"
    assert alice.client.get("/api/binders/")["Cache-Control"] == "no-store"
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer forged")["Cache-Control"] == "no-store"
    assert "no-store" not in client.options("/api/auth/login").get("Cache-Control", "")  # anonymous


def test_every_answer_has_a_permissions_policy_and_djangos_defaults(client):
    response = client.get("/health")
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


PRODUCTION = {
    "TRADEAPI_PRODUCTION": "true",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3J9-vQ2_xT7pL0mZ8wR4yN6bF1cH5dG9sA2eU7iO3qW8rT6yP0",
    "AWS_ENDPOINT_URL": "",
    "COGNITO_JWKS_URL": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json",
}


def production(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRADEAPI_", "COGNITO_", "AWS_ENDP"))}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="tradeapi.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_under_production_settings_has_no_warnings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout, result.stdout
    print("\n" + result.stdout.strip())


def test_production_turns_on_https_only_and_hsts():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SILENCED_SYSTEM_CHECKS]))"
    )
    result = production("-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[true, 31536000, true, true, true, ["security.W021"]]'


@pytest.mark.parametrize("secure", [True])
def test_hsts_is_sent_on_https_when_configured(client, settings, secure):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/health", secure=secure)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
