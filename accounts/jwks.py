"""The Cognito user pool's signing keys (JWKS), fetched once per process and kept.

- Supplied by configuration (COGNITO_JWKS inline or COGNITO_JWKS_FILE): no fetch at all.
- Otherwise fetched on first use from COGNITO_JWKS_URL.
- An unknown ``kid`` triggers at most one refetch per JWKS_REFETCH_INTERVAL_SECONDS,
  so forged kids cannot cause a fetch storm.
- A failed refetch keeps the warm copy; a cold cache that cannot fetch raises
  ``JwksUnavailable`` (→ 503).
"""

import json
import logging
import threading
import time
import urllib.request
from pathlib import Path

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tradeapi import aws
from tradeapi.exceptions import ServiceUnavailable

logger = logging.getLogger("accounts.jwks")

# moto signs every install's tokens with this key id and one shared private key.
EMULATOR_KID = "dummy"
FETCH_TIMEOUT_SECONDS = 3


class JwksUnavailable(ServiceUnavailable):
    code = "jwks_unavailable"
    message = "The identity provider's signing keys could not be loaded; try again shortly."


class UnknownKey(Exception):
    """No key in the JWKS has this kid, even after a permitted refetch."""


def fetch_url(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310 (https in production)
        return json.loads(response.read())


class JwksProvider:
    def __init__(
        self,
        url: str,
        *,
        static_jwks: dict | None = None,
        refetch_interval: float = 10.0,
        refuse_emulator_key: bool = False,
        fetch=fetch_url,
        clock=time.monotonic,
    ):
        self.url = url
        self.refetch_interval = refetch_interval
        self.refuse_emulator_key = refuse_emulator_key
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, jwt.PyJWK] = {}
        self._last_fetch_at: float | None = None
        self.fetch_count = 0
        if static_jwks is not None:
            self._keys = self._parse(static_jwks)

    def keys(self) -> dict[str, jwt.PyJWK]:
        if not self._keys:
            with self._lock:
                if not self._keys:
                    self._refresh(cold=True)
        return self._keys

    def key_for(self, kid: str) -> jwt.PyJWK:
        found = self.keys().get(kid)
        if found is not None:
            return found
        with self._lock:
            found = self._keys.get(kid)
            if found is None and self._may_refetch():
                self._refresh(cold=False)
                found = self._keys.get(kid)
        if found is None:
            raise UnknownKey(kid)
        return found

    def _may_refetch(self) -> bool:
        return self._last_fetch_at is None or self._clock() - self._last_fetch_at >= self.refetch_interval

    def _refresh(self, *, cold: bool) -> None:
        self._last_fetch_at = self._clock()
        self.fetch_count += 1
        try:
            document = self._fetch(self.url)
            fresh = self._parse(document)
        except ImproperlyConfigured:
            raise
        except Exception as exc:  # network, HTTP or JSON errors: keep what we have
            logger.warning("JWKS fetch from %s failed: %s: %s", self.url, type(exc).__name__, exc)
            if cold and not self._keys:
                raise JwksUnavailable() from exc
            return
        self._keys = fresh

    def _parse(self, document: dict) -> dict[str, jwt.PyJWK]:
        parsed = {}
        for entry in document.get("keys", []):
            kid = entry.get("kid")
            if not kid or entry.get("kty") != "RSA":
                continue
            if self.refuse_emulator_key and kid == EMULATOR_KID:
                raise ImproperlyConfigured(
                    "The JWKS holds moto's emulator key (kid 'dummy'); tokens signed with it are forgeable."
                )
            parsed[kid] = jwt.PyJWK(entry, algorithm="RS256")
        return parsed


def _configured_jwks() -> dict | None:
    if settings.COGNITO_JWKS:
        return json.loads(settings.COGNITO_JWKS)
    if settings.COGNITO_JWKS_FILE:
        return json.loads(Path(settings.COGNITO_JWKS_FILE).read_text())
    return None


_provider: JwksProvider | None = None
_provider_lock = threading.Lock()


def jwks_provider() -> JwksProvider:
    """The process-wide provider, built from settings on first use."""
    global _provider
    if _provider is None:
        with _provider_lock:
            if _provider is None:
                _provider = JwksProvider(
                    settings.COGNITO_JWKS_URL,
                    static_jwks=_configured_jwks(),
                    refetch_interval=settings.JWKS_REFETCH_INTERVAL_SECONDS,
                    refuse_emulator_key=settings.PRODUCTION,
                )
    return _provider


@aws.on_reset
def reset_provider() -> None:
    global _provider
    _provider = None
