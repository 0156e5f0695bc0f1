"""The real Lambda package: built from the runtime-only env, within budget, and serving API Gateway events.

The zip is `make package` (build/tradeapi-dev.zip; `make test` builds it first, and this
test runs `make package` again, a no-op when it is fresh). It is unzipped and its
`handler.lambda_handler` is invoked in a separate `python -S` process whose only
libraries are the package and what the Lambda runtime provides (boto3, botocore and
their dependencies), configured as `scripts/render_zappa_settings.py` configures the
function, from the emulator-deployed stacks' outputs.
"""

import gzip
import json
import re
import secrets
import sys
import urllib.request
import uuid
import zipfile

import pytest

from scripts.render_zappa_settings import render
from tests.deploy import lambda_process
from tests.deploy.apigateway import response_body, response_json, rest_event
from tests.helpers import TEST_PASSWORD

ZIPPED_BUDGET = 20 * 1024 * 1024
CUSTOM_DOMAIN = "api.tradeapi.example"


@pytest.fixture(scope="module")
def package():
    return lambda_process.build_package()


@pytest.fixture(scope="module")
def lambda_env(deployed):
    """The function's environment: Lambda's own variables + the rendered aws_environment_variables."""
    settings = json.loads((lambda_process.ROOT / "zappa_settings.json").read_text())
    jwks_url = f"{deployed.endpoint}/{deployed.identity['UserPoolId']}/.well-known/jwks.json"
    with urllib.request.urlopen(jwks_url, timeout=5) as response:
        jwks = response.read().decode()
    rendered = render(
        settings, "dev", deployed.identity, deployed.data, jwks=jwks, secret_key=secrets.token_urlsafe(50)
    )
    env = dict(rendered["dev"]["aws_environment_variables"])
    env.update(
        # Emulator-only differences: production mode refuses an emulator endpoint (by design),
        # and moto serves the JWKS from itself rather than the issuer URL.
        TRADEAPI_PRODUCTION="false",
        DJANGO_DEBUG="false",
        AWS_ENDPOINT_URL=deployed.endpoint,
        COGNITO_JWKS_URL=jwks_url,
        DJANGO_ALLOWED_HOSTS=env["DJANGO_ALLOWED_HOSTS"] + "," + CUSTOM_DOMAIN,
        # What Lambda itself sets.
        AWS_REGION="us-east-1",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
        AWS_LAMBDA_FUNCTION_NAME="tradeapi-dev",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE=str(rendered["dev"]["memory_size"]),
        LAMBDA_TASK_ROOT="/var/task",
    )
    return env


@pytest.fixture(scope="module")
def function(package, lambda_env, tmp_path_factory):
    root = tmp_path_factory.mktemp("lambda")
    code = lambda_process.unzip(package, root / "task")
    runtime = lambda_process.runtime_dir(root / "runtime")
    process = lambda_process.LambdaProcess(code, runtime, lambda_env)
    yield process
    stderr = process.close()
    assert "Traceback" not in stderr, stderr[-4000:]


def test_package_is_within_budget_and_holds_no_dev_tools(package):
    assert package.stat().st_size <= ZIPPED_BUDGET, package.stat().st_size
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        settings = archive.read("zappa_settings.py").decode()
    tops = {name.split("/")[0] for name in names}
    assert {
        "handler.py",
        "django",
        "rest_framework",
        "accounts",
        "catalog",
        "binders",
        "trades",
        "moderation",
        "dashboard",
        "tradeapi",
        "jwt",
        "whitenoise",
    } <= tops
    forbidden = {
        "boto3",
        "botocore",
        "tests",
        "pytest",
        "_pytest",
        "moto",
        "troposphere",
        "pip",
        "setuptools",
        "infra",
        "bench",
        ".venv",
        "click",
        "jsonschema",
        "rpds",
        "hypothesis",
        "cfnlint",
    }
    assert not tops & forbidden, tops & forbidden
    # The pre-built schema /api/schema/ serves, and the docs page's assets without source maps or ReDoc.
    assert "docs/openapi.yaml" in names and not [n for n in names if n.startswith("docs/") and n != "docs/openapi.yaml"]
    assert "staticfiles/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in names
    sidecar = [n for n in names if "drf_spectacular_sidecar" in n]
    assert not [
        n for n in sidecar if n.endswith(".map") or "/redoc/" in n or n.startswith("drf_spectacular_sidecar/static")
    ]
    assert not [n for n in names if n.endswith((".mo", ".po"))][:5]
    # Bytecode is shipped (Lambda's /var/task is read-only: without it every cold start compiles), for
    # the runtime's Python: the tests, .venv and .venv-lambda run that same version (Makefile PYTHON).
    runtime = json.loads((lambda_process.ROOT / "zappa_settings.json").read_text())["dev"]["runtime"]
    tag = "cpython-" + runtime.removeprefix("python").replace(".", "")
    assert runtime == f"python{sys.version_info.major}.{sys.version_info.minor}" == "python3.13"
    assert f"tradeapi/__pycache__/settings.{tag}.pyc" in names
    assert f"django/core/handlers/__pycache__/base.{tag}.pyc" in names
    assert not [n for n in names if n.endswith(".pyc") and f".{tag}." not in n][:5]
    assert not [n for n in names if n.startswith("zappa/") and n.split("/")[1] in ("cli.py", "core.py")]
    # Nothing stage- or account-specific and no secret is baked in (they are the function's environment).
    assert "DJANGO_SECRET_KEY" not in settings and "COGNITO_USER_POOL_ID" not in settings
    assert "API_STAGE='dev'" in settings


def test_health_through_the_handler(function):
    answer = function.invoke(rest_event("GET", "/health"))
    response = answer["response"]
    print(f"cold /health: {answer['since_start_ms']:.0f} ms from process start, handler {answer['ms']:.0f} ms")
    assert response["statusCode"] == 200, function.logs()[-3000:]
    assert response_json(response)["status"] == "ok"


def test_json_log_lines_with_the_request_ids_through_the_handler(function):
    """On Lambda every app line is one JSON object; the request line names API Gateway's request id (also
    the answer's X-Request-Id) and Lambda's, and carries the EMF metrics (docs/operations.md)."""
    gateway_id = f"gw-{uuid.uuid4()}"
    event = rest_event("GET", "/health")
    event["requestContext"]["requestId"] = gateway_id
    before = len(function.logs())
    response = function.invoke(event)["response"]
    assert response["statusCode"] == 200
    assert {k.lower(): v for k, v in response["headers"].items()}["x-request-id"] == gateway_id
    lines = [json.loads(line) for line in function.logs()[before:].splitlines() if line.strip()]
    [request_line] = [line for line in lines if line.get("logger") == "tradeapi.requests"]
    assert request_line["request_id"] == gateway_id
    assert request_line["lambda_request_id"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"  # context.aws_request_id
    assert (request_line["route"], request_line["status"], request_line["level"]) == ("/health", 200, "INFO")
    assert request_line["Service"] == "tradeapi-dev" and request_line["_aws"]["CloudWatchMetrics"]
    assert all(line["request_id"] == gateway_id for line in lines)


def test_signup_login_and_me_through_the_handler(function):
    username = f"lambda{uuid.uuid4().hex[:8]}"
    credentials = {"username": username, "password": TEST_PASSWORD}
    signed = function.invoke(
        rest_event("POST", "/api/auth/signup", body={**credentials, "email": f"{username}@example.com"})
    )["response"]
    assert signed["statusCode"] == 201, response_body(signed)[:500]
    assert response_json(signed)["confirmed"] is False  # production setting: email verification
    confirmed = function.invoke(rest_event("POST", "/api/auth/confirm", body={"username": username, "code": "123456"}))[
        "response"
    ]
    assert confirmed["statusCode"] == 200, response_body(confirmed)[:500]

    login = function.invoke(rest_event("POST", "/api/auth/login", body=credentials))["response"]
    assert login["statusCode"] == 200, response_body(login)[:500]
    tokens = response_json(login)
    assert tokens["token_type"] == "Bearer" and tokens["access_token"] and tokens["refresh_token"]

    me = function.invoke(rest_event("GET", "/api/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}))[
        "response"
    ]
    assert me["statusCode"] == 200, response_body(me)[:500]
    assert response_json(me)["username"] == username

    anonymous = function.invoke(rest_event("GET", "/api/me"))["response"]
    assert anonymous["statusCode"] == 401
    assert response_json(anonymous)["error"]["code"]


def test_rotating_x_forwarded_for_does_not_escape_the_auth_limit_through_the_handler(function, lambda_env):
    """The per-IP limit keys on API Gateway's sourceIp, not on the X-Forwarded-For the client writes
    (which Zappa turns into REMOTE_ADDR): request N+1 from one address is refused whatever it claims."""
    quota = int(lambda_env.get("AUTH_THROTTLE_RATE", "20/minute").split("/")[0])
    source = f"203.0.113.{uuid.uuid4().int % 250}"
    body = {"username": f"nobody{uuid.uuid4().hex[:8]}", "password": "Wrong-Passw0rd-1"}
    statuses = []
    for i in range(quota + 1):
        event = rest_event("POST", "/api/auth/login", body=body, headers={"X-Forwarded-For": f"10.9.{i}.1, {source}"})
        event["requestContext"]["identity"]["sourceIp"] = source
        statuses.append(function.invoke(event)["response"]["statusCode"])
    assert statuses == [401] * quota + [429], statuses


STATIC = re.compile(r'(?:href|src)="([^"]*/static/[^"]+)"')


@pytest.mark.parametrize(
    "host,prefix", [("1234567890.execute-api.us-east-1.amazonaws.com", "/dev"), (CUSTOM_DOMAIN, "")]
)
def test_browsable_api_renders_with_static_urls_that_resolve(function, host, prefix):
    page = function.invoke(rest_event("GET", "/api/", host=host, headers={"Accept": "text/html"}))["response"]
    assert page["statusCode"] == 200, response_body(page)[:500]
    html = response_body(page).decode()
    assert "<html" in html.lower() and "Api Root" in html
    assert f'href="{prefix}/api/auth/login"' in html or f"{prefix}/api/auth/login" in html
    statics = sorted(set(STATIC.findall(html)))
    assert statics, "the page links no static files"
    for url in statics:
        assert url.startswith(f"{prefix}/static/"), url
        asset = function.invoke(rest_event("GET", url[len(prefix) :], host=host, headers={"Accept": "*/*"}))
        response = asset["response"]
        assert response["statusCode"] == 200, (url, response["statusCode"])
        body = response_body(response)
        if {k.lower(): v for k, v in response["headers"].items()}.get("content-encoding") == "gzip":
            body = gzip.decompress(body)  # the sample event sends Accept-Encoding: gzip; whitenoise obliges
        collected = function.package_dir / "staticfiles" / url[len(prefix) + len("/static/") :]
        assert body == collected.read_bytes(), url


@pytest.mark.parametrize(
    "host,prefix", [("1234567890.execute-api.us-east-1.amazonaws.com", "/dev"), (CUSTOM_DOMAIN, "")]
)
def test_redirects_keep_the_stage_prefix(function, host, prefix):
    response = function.invoke(rest_event("GET", "/api/binders", host=host))["response"]
    assert response["statusCode"] in (301, 302, 308), response["statusCode"]
    headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
    location = headers["location"]
    assert location.endswith(f"{prefix}/api/binders/") and f"{prefix}/api/binders/" in location, location
    assert "/dev/dev/" not in location
