"""The bare apps bench/cold_start.py compares the real package with, built from the package's own libraries.

- (a) ``bare``:        Django + DRF, one view, authenticating the same Cognito token with a ten-line
                       PyJWT class against the same bundled JWKS (signature, exp, issuer).
- (b) ``bare_getitem``: the same, plus one boto3 GetItem (the caller's profile item) on the same
                       table, with the client created on first use as the app does.

Both use the real package's Django, DRF, PyJWT, Zappa, handler and bytecode: only the project differs.
"""

import subprocess
import sys
from pathlib import Path

SETTINGS = """
SECRET_KEY = "bare-" + "x" * 50
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.staticfiles", "rest_framework"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "bare_urls"
DATABASES = {}
USE_TZ = True
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["bare_auth.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "UNAUTHENTICATED_USER": None,
}
"""
AUTH = '''
import json
import os

import jwt
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

KEYS = {key["kid"]: jwt.PyJWK(key) for key in json.loads(os.environ["COGNITO_JWKS"])["keys"]}


class User:
    is_authenticated = True


class JWTAuthentication(BaseAuthentication):
    """The same RS256 token, verified with PyJWT against the same bundled JWKS (signature, exp, iss)."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Bearer "):
            return None
        token = header[7:]
        try:
            key = KEYS[jwt.get_unverified_header(token)["kid"]]
            claims = jwt.decode(token, key.key, algorithms=["RS256"], issuer=os.environ["COGNITO_ISSUER"])
        except (KeyError, jwt.PyJWTError) as exc:
            raise AuthenticationFailed(str(exc))
        return User(), claims
'''
URLS = """
from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["GET"])
def me(request):
    return Response({"username": "bare"})


urlpatterns = [path("me", me)]
"""
URLS_GETITEM = """
import os

import boto3
from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.response import Response

_client = None


@api_view(["GET"])
def me(request):
    global _client
    if _client is None:
        _client = boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
    key = {"PK": {"S": "USER#" + request.auth["sub"]}, "SK": {"S": "PROFILE"}}
    item = _client.get_item(TableName=os.environ["TRADEAPI_TABLE"], Key=key).get("Item", {})
    return Response({"username": item.get("username", {}).get("S", "bare")})


urlpatterns = [path("me", me)]
"""
PROJECT = ("accounts", "binders", "trades", "moderation", "dashboard", "tradeapi", "staticfiles", "docs")


def build(real: Path, into: Path, *, getitem: bool) -> Path:
    """A package directory: the real package's libraries and handler, with a one-view project."""
    into.mkdir()
    for entry in real.iterdir():
        if entry.name not in (*PROJECT, "zappa_settings.py", "__pycache__"):
            (into / entry.name).symlink_to(entry)
    (into / "__pycache__").mkdir()
    for entry in (real / "__pycache__").iterdir():
        if not entry.name.startswith("zappa_settings."):
            (into / "__pycache__" / entry.name).symlink_to(entry)
    settings = (real / "zappa_settings.py").read_text()
    settings = settings.replace("DJANGO_SETTINGS='tradeapi.settings'", "DJANGO_SETTINGS='bare_settings'")
    sources = {
        "zappa_settings.py": settings,
        "bare_settings.py": SETTINGS,
        "bare_urls.py": URLS_GETITEM if getitem else URLS,
        "bare_auth.py": AUTH,
    }
    for name, text in sources.items():
        (into / name).write_text(text)
    compile_args = ["-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash"]
    subprocess.run([sys.executable, *compile_args, *(str(into / name) for name in sources)], check=True)
    return into
