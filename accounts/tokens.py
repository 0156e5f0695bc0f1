"""Cognito token verification, in AWS's documented order.

1. three dot-separated parts; a header with a ``kid`` found in the pool's JWKS
2. RS256 signature (the algorithm is fixed here, never read from the token)
3. ``exp`` (with a small leeway), and ``iat`` not in the future
4. ``iss`` is our user pool
5. ``token_use`` is ``access`` (``id`` only when configured)
6. ``client_id`` (access tokens) or ``aud`` (ID tokens) is one of our app clients
"""

import time
from dataclasses import dataclass

import jwt
from django.conf import settings

from accounts.jwks import JwksProvider, UnknownKey, jwks_provider

ALGORITHMS = ["RS256"]


class InvalidToken(Exception):
    """The token must be refused. ``reason`` is safe to show to the client."""

    def __init__(self, reason: str = "invalid token"):
        super().__init__(reason)
        self.reason = reason


class ExpiredToken(InvalidToken):
    def __init__(self):
        super().__init__("token expired")


@dataclass(frozen=True)
class VerifierConfig:
    issuer: str
    client_ids: frozenset[str]
    token_uses: frozenset[str]
    leeway: int

    @classmethod
    def from_settings(cls) -> "VerifierConfig":
        uses = {"access", "id"} if settings.COGNITO_ACCEPT_ID_TOKENS else {"access"}
        return cls(
            issuer=settings.COGNITO_ISSUER,
            client_ids=frozenset(settings.COGNITO_APP_CLIENT_IDS),
            token_uses=frozenset(uses),
            leeway=settings.JWT_LEEWAY_SECONDS,
        )


def verify_token(token: str, *, config: VerifierConfig | None = None, provider: JwksProvider | None = None) -> dict:
    """Verified claims of ``token``, or InvalidToken / ExpiredToken. JwksUnavailable propagates (503)."""
    config = config or VerifierConfig.from_settings()
    provider = provider or jwks_provider()

    if not isinstance(token, str) or token.count(".") != 2:
        raise InvalidToken()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise InvalidToken() from None
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidToken()
    try:
        key = provider.key_for(kid)
    except UnknownKey:
        raise InvalidToken() from None

    try:
        claims = jwt.decode(
            token,
            key=key.key,
            algorithms=ALGORITHMS,
            issuer=config.issuer,
            leeway=config.leeway,
            options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": False},
        )
    except jwt.ExpiredSignatureError:
        raise ExpiredToken() from None
    except jwt.PyJWTError:
        raise InvalidToken() from None

    if not isinstance(claims.get("iat"), (int, float)) or claims["iat"] > time.time() + config.leeway:
        raise InvalidToken()
    token_use = claims.get("token_use")
    if token_use not in config.token_uses:
        raise InvalidToken()
    audience = claims.get("client_id") if token_use == "access" else claims.get("aud")
    if audience not in config.client_ids:
        raise InvalidToken()
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise InvalidToken()
    return claims
