"""CORS (django-cors-headers): origins from DJANGO_CORS_ALLOWED_ORIGINS (none by default), no
credentials, the guards' headers exposed, Idempotency-Key allowed; the preflight answered."""

ORIGIN = "https://app.example.com"
EXPOSED = {"location", "retry-after", "ratelimit", "ratelimit-policy", "idempotent-replayed"}


def preflight(client, origin=ORIGIN, url="/api/binders/"):
    return client.options(
        url,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, idempotency-key",
    )


def test_no_origin_is_allowed_by_default(client):
    response = preflight(client)
    assert "Access-Control-Allow-Origin" not in response


def test_the_preflight_from_an_allowed_origin(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = preflight(client)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key"} <= allowed
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response
    assert int(response["Access-Control-Max-Age"]) > 0


def test_an_allowed_origins_answer_exposes_the_guard_headers(alice, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = alice.client.get("/api/me", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == ORIGIN
    assert {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")} == EXPOSED
    assert "Access-Control-Allow-Credentials" not in response


def test_other_origins_and_non_api_paths_get_nothing(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    assert "Access-Control-Allow-Origin" not in preflight(client, origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in preflight(client, url="/dashboard/")
