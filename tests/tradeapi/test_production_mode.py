"""Production mode refuses to start on an unsafe configuration, naming the problem."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tradeapi.production_checks import DEFAULT_SECRET_KEY, ProductionConfig, production_problems

ROOT = Path(__file__).resolve().parents[2]
SAFE = {
    "TRADEAPI_PRODUCTION": "true",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 50,
    "AWS_ENDPOINT_URL": "",
    "COGNITO_JWKS_URL": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json",
}


def start_django(**overrides) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRADEAPI_", "COGNITO_", "AWS_ENDPOINT"))
    }
    env.update(SAFE)
    env.update(overrides)
    env["DJANGO_SETTINGS_MODULE"] = "tradeapi.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_safe_production_configuration_starts():
    result = start_django()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    "overrides, named",
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG is on"),
        ({"DJANGO_SECRET_KEY": DEFAULT_SECRET_KEY}, "DJANGO_SECRET_KEY"),
        ({"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"}, "points at an emulator or localhost"),
        ({"COGNITO_JWKS_URL": "http://example.com/jwks.json"}, "is not https"),
    ],
)
def test_production_refuses_to_start_and_names_the_problem(overrides, named):
    result = start_django(**overrides)
    assert result.returncode != 0
    assert "Refusing to start in production mode" in result.stderr
    assert named in result.stderr


def config(**changes) -> ProductionConfig:
    base = dict(
        debug=False,
        secret_key="s" * 50,
        aws_endpoint_url=None,
        jwks_url="https://cognito-idp.us-east-1.amazonaws.com/p/.well-known/jwks.json",
    )
    base.update(changes)
    return ProductionConfig(**base)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://localhost:4566",
        "http://127.0.0.1:8000",
        "http://motoserver:5000",
        "http://0.0.0.0:9999",
        "http://[::1]:5000",
        "https://dynamodb.localhost",
    ],
)
def test_every_emulator_endpoint_is_refused(endpoint):
    assert any("emulator" in p for p in production_problems(config(aws_endpoint_url=endpoint)))


def test_real_aws_endpoints_are_accepted():
    assert production_problems(config(aws_endpoint_url="https://dynamodb.eu-west-1.amazonaws.com")) == []
    assert production_problems(config()) == []


def test_the_emulators_shared_signing_key_is_refused_as_a_bundled_jwks():
    jwks = '{"keys": [{"kty": "RSA", "kid": "dummy", "n": "x", "e": "AQAB"}]}'
    assert any("moto" in p for p in production_problems(config(inline_jwks=jwks)))


def test_every_problem_is_reported_at_once():
    problems = production_problems(config(debug=True, secret_key="", jwks_url="http://localhost/jwks"))
    assert len(problems) == 3
