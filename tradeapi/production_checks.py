"""The rules a production configuration must pass before the app starts."""

from dataclasses import dataclass
from urllib.parse import urlparse

DEFAULT_SECRET_KEY = "local-dev-only-secret-key-do-not-use-in-production"

# Hosts that mean "an emulator on this machine", never real AWS.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal", "motoserver", "localstack"}
EMULATOR_PORTS = {4566, 5000}


@dataclass(frozen=True)
class ProductionConfig:
    debug: bool
    secret_key: str
    aws_endpoint_url: str | None
    jwks_url: str
    inline_jwks: str | None = None


def _is_emulator(url: str) -> bool:
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost") or parsed.port in EMULATOR_PORTS


def production_problems(config: ProductionConfig) -> list[str]:
    """Every reason this configuration must not serve production traffic."""
    problems = []
    if config.debug:
        problems.append("DJANGO_DEBUG is on; set DJANGO_DEBUG=false")
    if not config.secret_key or config.secret_key == DEFAULT_SECRET_KEY:
        problems.append("DJANGO_SECRET_KEY is unset or the local default; set a long random secret")
    if config.aws_endpoint_url and _is_emulator(config.aws_endpoint_url):
        problems.append(f"AWS_ENDPOINT_URL={config.aws_endpoint_url} points at an emulator or localhost")
    if urlparse(config.jwks_url).scheme != "https":
        problems.append(f"COGNITO_JWKS_URL={config.jwks_url!r} is not https")
    elif _is_emulator(config.jwks_url):
        problems.append(f"COGNITO_JWKS_URL={config.jwks_url} points at an emulator or localhost")
    if config.inline_jwks and '"kid": "dummy"' in config.inline_jwks.replace('"kid":"dummy"', '"kid": "dummy"'):
        problems.append(
            "the bundled JWKS holds moto's public key (kid 'dummy'); anyone with moto can forge tokens for it"
        )
    return problems
