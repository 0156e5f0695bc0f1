"""API Gateway stage throttling: declared per stage in zappa_settings.json, applied to the stage
Zappa creates by scripts/apply_stage_throttling.py (run by `make update` and the deploy pipeline)."""

import json
from pathlib import Path

import pytest

from scripts import apply_stage_throttling as throttling
from tradeapi import aws

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = json.loads((ROOT / "zappa_settings.json").read_text())


@pytest.mark.parametrize("stage", ["dev", "production"])
def test_every_stage_declares_sane_throttling(stage):
    declared = throttling.stage_settings(SETTINGS, stage)["stage_throttling"]
    assert 0 < declared["rate_limit"] <= declared["burst_limit"] <= 10_000  # 10,000 rps: the account's default
    assert throttling.patch_operations(declared) == [
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": str(float(declared["rate_limit"]))},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": str(declared["burst_limit"])},
    ]


def test_a_burst_below_the_rate_is_refused():
    with pytest.raises(ValueError):
        throttling.patch_operations({"rate_limit": 10, "burst_limit": 5})


def test_the_deploy_steps_apply_it():
    assert "scripts/apply_stage_throttling.py" in (ROOT / "Makefile").read_text()
    assert "scripts/apply_stage_throttling.py" in (ROOT / "buildspec-deploy.yml").read_text()


def test_it_is_applied_to_the_stage_zappa_created(local_stack):
    apigateway = aws.client("apigateway")
    api = apigateway.create_rest_api(name="throttled-dev")
    root = apigateway.get_resources(restApiId=api["id"])["items"][0]["id"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    declared = throttling.stage_settings(SETTINGS, "dev")["stage_throttling"]
    throttling.apply(apigateway, project="throttled", stage="dev", throttling=declared)
    settings = apigateway.get_stage(restApiId=api["id"], stageName="dev")["methodSettings"]["*/*"]
    assert settings["throttlingRateLimit"] == declared["rate_limit"]
    assert settings["throttlingBurstLimit"] == declared["burst_limit"]
