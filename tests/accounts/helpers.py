"""Token forging kit for the tests: our own RSA test key, moto's shared key, and hand-built JWTs."""

import base64
import gzip
import hashlib
import hmac
import json
import time
from importlib import resources

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

TEST_KID = "tradeapi-test-key"
TEST_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
TEST_PUBLIC_PEM = TEST_KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)


def public_jwk() -> dict:
    """The public half of the test key as a JWKS entry."""
    entry = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(TEST_KEY.public_key()))
    return {**entry, "kid": TEST_KID, "alg": "RS256", "use": "sig"}


def moto_private_jwk() -> dict:
    raw = resources.files("moto.cognitoidp").joinpath("resources/jwks-private.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def access_claims(trader, **overrides) -> dict:
    """Claims shaped like a Cognito access token for ``trader`` from our pool and client."""
    now = int(time.time())
    claims = {
        "iss": settings.COGNITO_ISSUER,
        "sub": trader.sub,
        "client_id": settings.COGNITO_APP_CLIENT_ID,
        "token_use": "access",
        "username": trader.username,
        "scope": "aws.cognito.signin.user.admin",
        "iat": now,
        "auth_time": now,
        "exp": now + 3600,
        "jti": "test",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def sign(claims: dict, *, key=TEST_KEY, kid: str = TEST_KID) -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def moto_signed_token(trader, *, expired: bool = False) -> str:
    """A token signed with moto's shared key (kid "dummy"): valid against the local pool's JWKS."""
    now = int(time.time())
    times = {"iat": now - 7200, "exp": now - 3600} if expired else {}
    key = jwt.PyJWK(moto_private_jwk(), algorithm="RS256")
    return sign(access_claims(trader, **times), key=key.key, kid="dummy")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, claims: dict, signature: bytes = b"") -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}.{b64(signature)}"


def hs256_with_public_key(claims: dict) -> str:
    """The classic algorithm-confusion forgery: HMAC-SHA256 keyed with the RSA public key."""
    header = {"alg": "HS256", "typ": "JWT", "kid": TEST_KID}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(TEST_PUBLIC_PEM, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def tamper_payload(token: str, **changes) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return f"{header}.{b64(json.dumps(claims).encode())}.{signature}"


def tamper_signature(token: str) -> str:
    header, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[len(raw) // 2] ^= 0xFF
    return f"{header}.{payload}.{b64(bytes(raw))}"
