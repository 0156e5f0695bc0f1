"""App clients with a secret: SECRET_HASH is sent, and a wrong secret is refused (moto checks it on refresh)."""

import uuid

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from accounts.cognito import secret_hash
from tests.helpers import TEST_PASSWORD
from tradeapi import aws


@pytest.fixture(scope="module")
def secret_client():
    created = aws.cognito().create_user_pool_client(
        UserPoolId=django_settings.COGNITO_USER_POOL_ID,
        ClientName=f"with-secret-{uuid.uuid4().hex[:6]}",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    return created["ClientId"], created["ClientSecret"]


@pytest.fixture
def use_secret_client(settings, secret_client):
    client_id, secret = secret_client
    settings.COGNITO_APP_CLIENT_ID = client_id
    settings.COGNITO_APP_CLIENT_SECRET = secret
    settings.COGNITO_APP_CLIENT_IDS = [client_id]
    return client_id, secret


def post(path, body, token=None):
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.post(path, body, format="json")


def test_secret_hash_matches_cognitos_definition():
    # Base64(HMAC_SHA256(key=secret, msg=username + client_id)), checked against a hand computation.
    assert secret_hash("alice", "client", "secret") == "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0="


def test_the_whole_flow_with_a_secret_client(use_secret_client):
    username = f"sec{uuid.uuid4().hex[:10]}"
    signed = post(
        "/api/auth/signup", {"username": username, "email": f"{username}@example.com", "password": TEST_PASSWORD}
    )
    assert signed.status_code == 201, signed.content
    login = post("/api/auth/login", {"username": username, "password": TEST_PASSWORD})
    assert login.status_code == 200, login.content
    tokens = login.json()

    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    assert me.get("/api/me").json()["username"] == username

    missing = post("/api/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert missing.status_code == 400
    assert "username" in missing.json()["error"]["details"]
    refreshed = post("/api/auth/refresh", {"refresh_token": tokens["refresh_token"], "username": username})
    assert refreshed.status_code == 200, refreshed.content


def test_a_wrong_secret_is_refused(use_secret_client, settings, alice):
    # moto checks SECRET_HASH on REFRESH_TOKEN_AUTH (not on USER_PASSWORD_AUTH): test it there.
    tokens = post("/api/auth/login", {"username": alice.username, "password": TEST_PASSWORD}).json()
    settings.COGNITO_APP_CLIENT_SECRET = "not-the-secret"
    refused = post("/api/auth/refresh", {"refresh_token": tokens["refresh_token"], "username": alice.username})
    assert refused.status_code == 401
