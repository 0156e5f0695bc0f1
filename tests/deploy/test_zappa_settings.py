"""zappa_settings.json and its rendering from the infra outputs (scripts/render_zappa_settings.py)."""

import importlib.util
import json
from pathlib import Path

import pytest

from scripts.render_zappa_settings import render
from tests.deploy import infra

ROOT = Path(__file__).resolve().parents[2]
# Function environment variables that Zappa's handler reads rather than the app.
ZAPPA_READS = {"INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT"}
SETTINGS = json.loads((ROOT / "zappa_settings.json").read_text())
IDENTITY = {
    "UserPoolId": "us-east-1_Abc",
    "UserPoolArn": "arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_Abc",
    "UserPoolClientId": "client123",
    "Issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc",
    "JwksUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc/.well-known/jwks.json",
    "StaffGroup": "staff",
}
DATA = {
    "TableName": "tradeapi-production",
    "CacheTableName": "tradeapi-cache-production",
    "KmsKeyArn": "arn:aws:kms:us-east-1:1:key/k",
    "ExecutionRoleArn": "arn:aws:iam::1:role/tradeapi-production-lambda",
    "ExecutionRoleName": "tradeapi-production-lambda",
    "DeploymentBucketName": "tradeapi-production-deployments-1",
}


def stage(name: str) -> dict:
    """A stage's effective settings (Zappa's `extends` merges the parent stage first)."""
    config = dict(SETTINGS[name])
    parent = config.pop("extends", None)
    return {**SETTINGS[parent], **config} if parent else config


@pytest.mark.parametrize("name", ["dev", "production"])
def test_stage_settings(name):
    config = stage(name)
    assert config["runtime"] == "python3.13" and config["django_settings"] == "tradeapi.settings"
    assert config["manage_roles"] is False and config["role_name"].endswith(f"{name}-lambda")
    assert config["keep_warm"] is False and config["slim_handler"] is False and config["debug"] is False
    assert 128 <= config["memory_size"] <= 3008 and config["timeout_seconds"] <= 29  # API Gateway's limit
    assert config["s3_bucket"] and config["aws_region"]
    assert config["apigateway_lambda_qualifier"] == "live"
    # SnapStart on every published version (the `live` alias only ever points at one); Zappa's handler
    # sets Django up at import, so the snapshot holds an initialized app (tradeapi/snapstart.py).
    assert config["snap_start"] == "PublishedVersions" and config["num_retained_versions"] >= 2
    assert "provisioned_concurrency" not in config  # Lambda refuses it together with SnapStart
    assert config["aws_environment_variables"]["INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT"] == "true"
    # Stage configuration is the function's environment; Zappa bakes `environment_variables` into the zip.
    assert "environment_variables" not in config
    assert "TRADEAPI_PRODUCTION" in config["aws_environment_variables"]


@pytest.mark.parametrize("name", ["dev", "production"])
def test_scheduled_events_name_functions_that_exist(name):
    import importlib

    events = stage(name)["events"]
    assert {event["function"] for event in events} == {"trades.schedule.expire_trades"}
    for event in events:
        module, function = event["function"].rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), function))
        assert event["expression"].startswith(("rate(", "cron("))


def test_exclude_list_is_complete():
    exclude = set(SETTINGS["dev"]["exclude"])
    for name in (
        "boto3",
        "botocore",
        "s3transfer",
        "tests",
        ".venv",
        ".venv-tools",
        ".venv-lambda",
        "pip",
        "setuptools",
        "troposphere",
        "cfn_flip",
        "click",
        "tqdm",
        "hjson",
        "__pycache__",
        "*.pyc",
        "*.mo",
        "build",
        "infra",
        "bench",
        "screenshots",
        "*.md",
        "*.zip",
    ):
        assert name in exclude, name
    # PyYAML is a runtime dependency (drf-spectacular's renderers); docs/ ships only openapi.yaml.
    assert "yaml" not in exclude and "docs" not in exclude


def test_render_wires_every_output_to_a_setting_the_app_reads():
    rendered = render(SETTINGS, "production", IDENTITY, DATA, jwks='{"keys":[]}', secret_key="s" * 50)
    config = rendered["production"]
    assert config["role_arn"] == DATA["ExecutionRoleArn"] and config["s3_bucket"] == DATA["DeploymentBucketName"]
    env = config["aws_environment_variables"]
    assert env["TRADEAPI_TABLE"] == "tradeapi-production" and env["COGNITO_USER_POOL_ID"] == "us-east-1_Abc"
    assert env["COGNITO_JWKS"] == '{"keys":[]}' and env["TRADEAPI_PRODUCTION"] == "true"
    settings_source = (ROOT / "tradeapi" / "settings.py").read_text()
    for name in set(env) - ZAPPA_READS:
        assert f'"{name}"' in settings_source, f"{name} is not read by tradeapi/settings.py"
    zappa_handler = (Path(importlib.util.find_spec("zappa").origin).parent / "handler.py").read_text()
    for name in ZAPPA_READS:
        assert f'"{name}"' in zappa_handler, f"{name} is not read by Zappa's handler"
    assert "api.tradeapi.example" in env["DJANGO_ALLOWED_HOSTS"]  # production's custom domain
    assert "https://api.tradeapi.example" in env["DJANGO_CSRF_TRUSTED_ORIGINS"]


def test_render_outputs_are_the_stacks_outputs():
    identity_outputs = set(infra.load("identity.yml")["Outputs"])
    data_outputs = set(infra.load("data.yml")["Outputs"])
    assert set(IDENTITY) <= identity_outputs and set(DATA) <= data_outputs


def test_no_administrator_access_anywhere():
    for path in [*infra.TEMPLATES, ROOT / "zappa_settings.json", ROOT / "buildspec.yml", ROOT / "buildspec-deploy.yml"]:
        assert "AdministratorAccess" not in path.read_text(), path
