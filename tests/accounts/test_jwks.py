"""JWKS caching: one fetch per process, bounded refetches, warm copy kept, config-supplied keys, 503 when cold."""

import json
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from accounts import jwks
from accounts.tokens import verify_token
from tests.accounts import helpers as forge
from tests.accounts.test_forged_tokens import FakeClock, me
from tests.helpers import cognito_login


class Endpoint:
    """A JWKS endpoint we can break; counts fetches."""

    def __init__(self, document: dict):
        self.document = document
        self.down = False
        self.calls = 0

    def __call__(self, url: str) -> dict:
        self.calls += 1
        if self.down:
            raise OSError("connection refused")
        return self.document


@pytest.fixture
def endpoint():
    return Endpoint({"keys": [forge.public_jwk()]})


def provider(endpoint, clock=None) -> jwks.JwksProvider:
    return jwks.JwksProvider("https://example.invalid/jwks.json", fetch=endpoint, clock=clock or FakeClock())


def test_fetched_once_and_kept(endpoint):
    keys = provider(endpoint)
    for _ in range(50):
        keys.key_for(forge.TEST_KID)
    assert endpoint.calls == 1


def test_unknown_kids_refetch_at_most_once_per_interval(endpoint):
    clock = FakeClock()
    keys = provider(endpoint, clock)
    keys.key_for(forge.TEST_KID)
    for i in range(20):
        with pytest.raises(jwks.UnknownKey):
            keys.key_for(f"forged-{i}")
    assert endpoint.calls == 1  # the cold fetch was just now
    clock.now += 10
    for i in range(20):
        with pytest.raises(jwks.UnknownKey):
            keys.key_for(f"forged-{i}")
    assert endpoint.calls == 2


def test_a_rotated_key_is_picked_up_by_the_refetch(endpoint):
    clock = FakeClock()
    keys = provider(endpoint, clock)
    keys.key_for(forge.TEST_KID)
    endpoint.document = {"keys": [forge.public_jwk(), {**forge.public_jwk(), "kid": "rotated"}]}
    clock.now += 10
    assert keys.key_for("rotated") is not None


def test_concurrent_unknown_kids_cause_one_refetch(endpoint):
    clock = FakeClock()
    keys = provider(endpoint, clock)
    keys.key_for(forge.TEST_KID)
    clock.now += 10
    barrier = threading.Barrier(16)

    def hammer(i):
        barrier.wait()
        for j in range(10):
            try:
                keys.key_for(f"forged-{i}-{j}")
            except jwks.UnknownKey:
                pass

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert endpoint.calls == 2


def test_a_warm_cache_keeps_working_when_the_endpoint_fails(endpoint):
    clock = FakeClock()
    keys = provider(endpoint, clock)
    keys.key_for(forge.TEST_KID)
    endpoint.down = True
    clock.now += 10
    with pytest.raises(jwks.UnknownKey):
        keys.key_for("forged")  # the refetch fails quietly
    assert keys.key_for(forge.TEST_KID) is not None
    assert endpoint.calls == 2


def test_a_cold_cache_with_the_endpoint_down_is_unavailable(endpoint):
    endpoint.down = True
    with pytest.raises(jwks.JwksUnavailable):
        provider(endpoint).key_for(forge.TEST_KID)


def test_cold_cache_and_unreachable_endpoint_is_a_503_over_http(alice, settings):
    token = cognito_login(alice.username)["AccessToken"]
    settings.COGNITO_JWKS_URL = "http://127.0.0.1:9/.well-known/jwks.json"  # nothing listens there
    jwks.reset_provider()
    try:
        response = me(token)
    finally:
        jwks.reset_provider()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["error"]["code"] == "jwks_unavailable"


@pytest.mark.parametrize("source", ["inline", "file"])
def test_a_configured_jwks_needs_no_fetch(source, alice, settings, tmp_path, monkeypatch):
    document = json.dumps({"keys": [forge.public_jwk()]})
    if source == "inline":
        settings.COGNITO_JWKS = document
    else:
        path = tmp_path / "jwks.json"
        path.write_text(document)
        settings.COGNITO_JWKS_FILE = str(path)
    settings.COGNITO_JWKS_URL = "http://127.0.0.1:9/never-fetched"
    jwks.reset_provider()
    monkeypatch.setattr(jwks, "fetch_url", lambda url: pytest.fail("fetched"))
    try:
        assert me(forge.sign(forge.access_claims(alice))).status_code == 200
        assert jwks.jwks_provider().fetch_count == 0
    finally:
        jwks.reset_provider()


def test_production_refuses_the_emulators_shared_key(settings):
    emulator_key = {**forge.public_jwk(), "kid": jwks.EMULATOR_KID}
    with pytest.raises(ImproperlyConfigured):
        jwks.JwksProvider("https://x", static_jwks={"keys": [emulator_key]}, refuse_emulator_key=True)


def test_verification_reads_no_database(alice, aws_calls):
    token = cognito_login(alice.username)["AccessToken"]
    verify_token(token)
    aws_calls.clear()
    for _ in range(10):
        verify_token(token)
    assert sum(aws_calls.values()) == 0


def test_bundle_jwks_writes_a_file_the_app_can_start_from(alice, settings, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="emulator key"):
        call_command("bundle_jwks", out=str(tmp_path / "refused.json"))
    path = tmp_path / "jwks.json"
    call_command("bundle_jwks", out=str(path), allow_emulator_key=True)
    assert [k["kid"] for k in json.loads(path.read_text())["keys"]] == ["dummy"]

    settings.COGNITO_JWKS_FILE = str(path)
    settings.COGNITO_JWKS_URL = "http://127.0.0.1:9/never-fetched"
    jwks.reset_provider()
    try:
        assert me(cognito_login(alice.username)["AccessToken"]).status_code == 200
        assert jwks.jwks_provider().fetch_count == 0
    finally:
        jwks.reset_provider()
