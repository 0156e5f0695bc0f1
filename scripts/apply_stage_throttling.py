"""Apply zappa_settings.json's ``stage_throttling`` to the API Gateway stage Zappa created.

    python scripts/apply_stage_throttling.py dev [--settings build/zappa_settings.json] [--project tradeapi]

API Gateway throttles a stage's methods (steady requests per second and burst) before a
request reaches Lambda: the floor under the app's own per-IP and per-trader limits and
the WAF's per-IP rule (infra/waf.yml). Zappa has no setting for it, and CloudFormation
cannot change a stage that Zappa's stack owns, so this runs after every `zappa deploy`
and `zappa update` (Makefile, buildspec-deploy.yml), which would otherwise leave the
stage as Zappa configured it. The numbers live in zappa_settings.json, per stage:
``"stage_throttling": {"rate_limit": 50, "burst_limit": 100}``.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stage_settings(settings: dict, stage: str) -> dict:
    config = dict(settings[stage])
    parent = config.pop("extends", None)
    return {**settings[parent], **config} if parent else config


def patch_operations(throttling: dict) -> list[dict]:
    """Every method of the stage (``/*/*``): steady rate (requests per second) and burst."""
    rate, burst = float(throttling["rate_limit"]), int(throttling["burst_limit"])
    if not 0 < rate <= burst:
        raise ValueError(f"stage_throttling needs 0 < rate_limit <= burst_limit, not {throttling}")
    return [
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": str(rate)},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": str(burst)},
    ]


def rest_api_id(apigateway, name: str) -> str:
    for page in apigateway.get_paginator("get_rest_apis").paginate():
        for api in page["items"]:
            if api["name"] == name:
                return api["id"]
    raise LookupError(f"no REST API called {name!r}: run `zappa deploy` first")


def apply(apigateway, *, project: str, stage: str, throttling: dict) -> dict:
    """Zappa names the REST API ``<project>-<stage>`` and its stage ``<stage>``."""
    api_id = rest_api_id(apigateway, f"{project}-{stage}")
    return apigateway.update_stage(restApiId=api_id, stageName=stage, patchOperations=patch_operations(throttling))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage")
    parser.add_argument("--settings", default=str(ROOT / "zappa_settings.json"))
    parser.add_argument("--project", default="tradeapi")
    args = parser.parse_args(argv)
    throttling = stage_settings(json.loads(Path(args.settings).read_text()), args.stage)["stage_throttling"]
    import boto3

    apply(boto3.client("apigateway"), project=args.project, stage=args.stage, throttling=throttling)
    print(f"{args.project}-{args.stage}: stage throttled to {throttling}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
