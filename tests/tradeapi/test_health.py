"""GET /health: unauthenticated, names its checks, 200 when all pass, 503 naming the failure."""

from django.conf import settings

from tradeapi import aws


def test_health_passes_every_check(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"main_table", "cache", "cognito_jwks"}
    assert all(check["ok"] for check in body["checks"].values())


def test_a_missing_table_fails_main_table(client, monkeypatch):
    monkeypatch.setattr(settings, "TABLE_NAME", "no-such-table")
    response = client.get("/health")
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.json()
    assert body["failing"] == ["main_table"]
    assert body["checks"]["main_table"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True


def test_an_unreachable_jwks_fails_cognito_jwks(client, monkeypatch):
    monkeypatch.setattr(settings, "COGNITO_JWKS_URL", "http://127.0.0.1:9/nothing/jwks.json")
    aws.reset()  # forget the warm JWKS
    try:
        response = client.get("/health")
    finally:
        monkeypatch.undo()
        aws.reset()
    assert response.status_code == 503
    assert response.json()["failing"] == ["cognito_jwks"]


def test_an_unreachable_aws_endpoint_fails_storage_checks(client, monkeypatch):
    monkeypatch.setattr(settings, "AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setattr(settings, "AWS_MAX_ATTEMPTS", 1)
    monkeypatch.setattr(settings, "AWS_CONNECT_TIMEOUT", 1)
    aws.reset()
    try:
        response = client.get("/health")
    finally:
        monkeypatch.undo()
        aws.reset()
    assert response.status_code == 503
    assert {"main_table", "cache"} <= set(response.json()["failing"])
