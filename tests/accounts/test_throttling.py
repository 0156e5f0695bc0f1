"""The /api/auth/ endpoints are rate limited per client IP and endpoint, on DynamoDB counters."""

import uuid

from rest_framework.test import APIClient


def test_the_auth_throttle_answers_429_with_retry_after(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "auth": "3/minute"}
    client = APIClient(REMOTE_ADDR=f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7")
    body = {"username": f"nobody{uuid.uuid4().hex[:8]}", "password": "Wrong-Passw0rd"}
    statuses = [client.post("/api/auth/login", body, format="json").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    limited = client.post("/api/auth/login", body, format="json")
    assert limited.json()["error"]["code"] == "too_many_requests"
    assert 0 < int(limited["Retry-After"]) <= 61
    # another endpoint and another address have their own budgets
    assert client.post("/api/auth/password/forgot", {"username": body["username"]}, format="json").status_code == 202
    other = APIClient(REMOTE_ADDR="192.0.2.99")
    assert other.post("/api/auth/login", body, format="json").status_code == 401
