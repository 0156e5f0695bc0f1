"""Cognito token verification, in AWS's documented order.

1. three dot-separated parts; a header with a ``kid`` found in the pool's JWKS
2. RS256 signature (the algorithm is fixed here, never read from the token)
3. ``exp`` (with a small leeway), and ``iat`` not in the future
4. ``iss`` is our user pool
5. ``token_use`` is ``access`` (``id`` only when configured)
6. ``client_id`` (access tokens) or ``aud`` (ID tokens) is one of our app clients
"""

import base64
import json
import re
import time
from dataclasses import dataclass

import jwt
from django.conf import settings

from accounts.jwks import JwksProvider, UnknownKey, jwks_provider

ALGORITHMS = ["RS256"]
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


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


def _unverified_header(token) -> dict:
    """The header of a well-formed compact JWS (three base64url parts), read without trusting it.

    Read here rather than with jwt.get_unverified_header, which parses the whole
    token a second time (pyjwt's segment checks are most of a verification's cost).
    """
    if not isinstance(token, str) or not _COMPACT_JWS.fullmatch(token):
        raise InvalidToken()
    segment = token[: token.index(".")]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except ValueError:
        raise InvalidToken() from None
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise InvalidToken()
    return header


def verify_token(token: str, *, config: VerifierConfig | None = None, provider: JwksProvider | None = None) -> dict:
    """Verified claims of ``token``, or InvalidToken / ExpiredToken. JwksUnavailable propagates (503)."""
    config = config or VerifierConfig.from_settings()
    provider = provider or jwks_provider()

    header = _unverified_header(token)
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
    if "cognito:groups" in claims:  # Cognito sends a non-empty list of group names, or no claim at all
        groups = claims["cognito:groups"]
        if not isinstance(groups, list) or not groups or not all(isinstance(g, str) and g for g in groups):
            raise InvalidToken()
    return claims
