"""Forged and broken Bearer tokens: every one is a 401 in the error shape, never a 500.

Signed with our own RSA test key (trusted only here, next to the local pool's key)
or cut from real tokens of the local Cognito pool.
"""

import time

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from rest_framework.test import APIClient

from accounts import jwks
from tests.accounts import helpers as forge
from tests.helpers import cognito_login


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def trusted_test_key(monkeypatch):
    """The process JWKS = the local pool's keys + our test key (fetched, counted, as in production)."""

    def fetch(url):
        return {"keys": jwks.fetch_url(url)["keys"] + [forge.public_jwk()]}

    clock = FakeClock()
    provider = jwks.JwksProvider(
        settings.COGNITO_JWKS_URL, fetch=fetch, clock=clock, refetch_interval=settings.JWKS_REFETCH_INTERVAL_SECONDS
    )
    provider.test_clock = clock
    monkeypatch.setattr(jwks, "_provider", provider)
    yield provider
    jwks.reset_provider()


def me(token: str | None = None, *, header: str | None = None):
    client = APIClient()
    if header is not None:
        client.credentials(HTTP_AUTHORIZATION=header)
    elif token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get("/api/me", HTTP_ACCEPT="application/json")


def assert_refused(response, message="invalid token"):
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["message"] == message


def test_control_a_well_formed_token_from_the_test_key_is_accepted(alice, trusted_test_key):
    response = me(forge.sign(forge.access_claims(alice)))
    assert response.status_code == 200
    assert response.json()["sub"] == alice.sub


def test_control_real_pool_tokens_are_accepted(alice, trusted_test_key):
    assert me(cognito_login(alice.username)["AccessToken"]).status_code == 200


def now() -> int:
    return int(time.time())


CLAIM_FORGERIES = {
    "expired": dict(iat=None, exp=None),  # filled in below (relative to now)
    "issued_in_the_future": {},
    "wrong_issuer": dict(iss="https://evil.example.com/us-east-1_abc"),
    "another_pools_issuer": dict(iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SomeoneElse"),
    "id_token_shape": dict(token_use="id", client_id=None, aud="forged"),
    "wrong_client_id": dict(client_id="not-our-app-client"),
    "no_sub": dict(sub=None),
    "no_exp": dict(exp=None),
    "groups_as_a_string_to_claim_staff": {"cognito:groups": "staff"},
    "groups_with_an_empty_name_to_claim_staff": {"cognito:groups": [""]},
    "empty_groups_with_a_staff_claim": {"cognito:groups": [], "is_staff": True, "custom:staff": "true"},
}


def forged_claims(case: str, trader) -> dict:
    overrides = dict(CLAIM_FORGERIES[case])
    if case == "expired":
        overrides = dict(iat=now() - 7200, exp=now() - 3600)
    if case == "issued_in_the_future":
        overrides = dict(iat=now() + 3600, exp=now() + 7200)
    return forge.access_claims(trader, **overrides)


@pytest.mark.parametrize("case", sorted(CLAIM_FORGERIES))
def test_signed_tokens_with_bad_claims_are_refused(case, alice, trusted_test_key):
    response = me(forge.sign(forged_claims(case, alice)))
    assert_refused(response, "token expired" if case == "expired" else "invalid token")


def test_an_id_token_of_our_pool_is_refused_on_the_api(alice, trusted_test_key):
    assert_refused(me(cognito_login(alice.username)["IdToken"]))


def test_id_tokens_are_accepted_only_when_configured(alice, trusted_test_key, settings):
    settings.COGNITO_ACCEPT_ID_TOKENS = True
    assert me(cognito_login(alice.username)["IdToken"]).status_code == 200


def test_alg_none_is_refused(alice, trusted_test_key):
    token = forge.unsigned({"alg": "none", "typ": "JWT", "kid": forge.TEST_KID}, forge.access_claims(alice))
    assert_refused(me(token))
    no_kid = forge.unsigned({"alg": "none"}, forge.access_claims(alice))
    assert_refused(me(no_kid))


def test_hs256_signed_with_the_public_key_is_refused(alice, trusted_test_key):
    assert_refused(me(forge.hs256_with_public_key(forge.access_claims(alice))))


def test_a_tampered_payload_is_refused(alice, bob, trusted_test_key):
    real = cognito_login(alice.username)["AccessToken"]
    assert_refused(me(forge.tamper_payload(real, sub=bob.sub, username=bob.username)))


def test_an_empty_groups_claim_tampered_into_staff_is_refused(alice, trusted_test_key):
    real = cognito_login(alice.username)["AccessToken"]  # alice is in no group: no cognito:groups claim
    assert_refused(me(forge.tamper_payload(real, **{"cognito:groups": ["staff"]})))


def test_a_tampered_signature_is_refused(alice, trusted_test_key):
    real = cognito_login(alice.username)["AccessToken"]
    assert_refused(me(forge.tamper_signature(real)))


def test_a_token_signed_by_an_unknown_key_with_a_known_kid_is_refused(alice, trusted_test_key):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_refused(me(forge.sign(forge.access_claims(alice), key=other, kid=forge.TEST_KID)))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer a.b",  # two parts
        "Bearer a.b.c.d",  # four parts
        "Bearer garbage",
        "Bearer ....",
        "Bearer eyJhbGciOiJSUzI1NiJ9.e30.e30",  # no kid
        "Bearer \u00e9t\u00e9.x.y",
        "Bearer two words",
    ],
)
def test_malformed_tokens_are_refused(header, trusted_test_key):
    response = me(header=header)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_token_without_the_bearer_prefix_is_not_authentication(alice, trusted_test_key):
    token = cognito_login(alice.username)["AccessToken"]
    for header in (token, f"Token {token}", f"JWT {token}"):
        response = me(header=header)
        assert response.status_code == 401
        assert response.json()["error"]["message"] == "Authentication credentials were not provided."
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_100_unknown_kids_cause_exactly_one_jwks_refetch(alice, trusted_test_key):
    assert me(forge.sign(forge.access_claims(alice))).status_code == 200  # warm: one fetch
    assert trusted_test_key.fetch_count == 1
    trusted_test_key.test_clock.now += settings.JWKS_REFETCH_INTERVAL_SECONDS  # a refetch is allowed again
    claims = forge.access_claims(alice)
    for i in range(100):
        assert_refused(me(forge.sign(claims, kid=f"forged-kid-{i}")))
    assert trusted_test_key.fetch_count == 2
    assert me(forge.sign(claims)).status_code == 200  # the known keys kept working throughout
