"""Write build/zappa_settings.json: zappa_settings.json with one stage's infra outputs filled in.

    python scripts/render_zappa_settings.py dev [--out build/zappa_settings.json]

Reads the outputs of the `<project>-<stage>-identity` and `<project>-<stage>-data`
stacks, fetches the user pool's JWKS (bundled as COGNITO_JWKS so a cold Lambda needs
no fetch), and takes DJANGO_SECRET_KEY from the SSM parameter
/<project>/<stage>/django-secret-key (or the DJANGO_SECRET_KEY environment variable).
Everything stage-specific goes into `aws_environment_variables` (the Lambda's
configuration), never `environment_variables` (which Zappa bakes into the package),
so one package serves any stack and holds no secret.
"""

import argparse
import json
import os
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stack_outputs(cloudformation, stack_name: str) -> dict[str, str]:
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    return {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}


def lambda_environment(
    identity: dict[str, str], data: dict[str, str], *, jwks: str, secret_key: str, base: dict[str, str]
) -> dict[str, str]:
    """The function's environment variables: ``base`` (hosts, flags) plus the stacks' outputs."""
    return {
        **base,
        "TRADEAPI_TABLE": data["TableName"],
        "TRADEAPI_CACHE_TABLE": data["CacheTableName"],
        "TRADEAPI_KMS_KEY_ID": data["KmsKeyArn"],
        "COGNITO_USER_POOL_ID": identity["UserPoolId"],
        "COGNITO_APP_CLIENT_ID": identity["UserPoolClientId"],
        "COGNITO_ISSUER": identity["Issuer"],
        "COGNITO_JWKS_URL": identity["JwksUrl"],
        "COGNITO_STAFF_GROUP": identity["StaffGroup"],
        "COGNITO_JWKS": jwks,
        "DJANGO_SECRET_KEY": secret_key,
    }


def render(
    settings: dict,
    stage: str,
    identity: dict[str, str],
    data: dict[str, str],
    *,
    jwks: str,
    secret_key: str,
    version: str = "dev",
) -> dict:
    """``settings`` (zappa_settings.json) with ``stage`` pointed at the stacks' outputs, and the app
    version (TRADEAPI_VERSION: every request log line names it) set."""
    rendered = json.loads(json.dumps(settings))
    stage_settings = rendered[stage]
    base = settings.get("dev", {}).get("aws_environment_variables", {})
    base = {**base, **stage_settings.get("aws_environment_variables", {})}
    stage_settings["aws_environment_variables"] = lambda_environment(
        identity, data, jwks=jwks, secret_key=secret_key, base=base
    )
    stage_settings["aws_environment_variables"]["TRADEAPI_VERSION"] = version
    stage_settings["role_arn"] = data["ExecutionRoleArn"]
    stage_settings["role_name"] = data["ExecutionRoleName"]
    stage_settings["s3_bucket"] = data["DeploymentBucketName"]
    return rendered


def app_version() -> str:
    """The commit being deployed: TRADEAPI_VERSION, CodeBuild's source version, or git's HEAD."""
    found = os.environ.get("TRADEAPI_VERSION") or os.environ.get("CODEBUILD_RESOLVED_SOURCE_VERSION")
    if not found:
        import subprocess

        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
        found = head.stdout.strip() if head.returncode == 0 else ""
    return found[:12] or "dev"


def fetch_jwks(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - an https URL from our own stack
        return json.dumps(json.loads(response.read()), separators=(",", ":"))


def main(argv: list[str]) -> int:
    import boto3

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage")
    parser.add_argument("--project", default="tradeapi")
    parser.add_argument("--out", default=str(ROOT / "build" / "zappa_settings.json"))
    parser.add_argument(
        "--first-deploy",
        action="store_true",
        help="omit apigateway_lambda_qualifier: the `live` alias does not exist yet",
    )
    args = parser.parse_args(argv)

    cloudformation = boto3.client("cloudformation")
    identity = stack_outputs(cloudformation, f"{args.project}-{args.stage}-identity")
    data = stack_outputs(cloudformation, f"{args.project}-{args.stage}-data")
    secret = (
        os.environ.get("DJANGO_SECRET_KEY")
        or boto3.client("ssm").get_parameter(
            Name=f"/{args.project}/{args.stage}/django-secret-key", WithDecryption=True
        )["Parameter"]["Value"]
    )
    settings = json.loads((ROOT / "zappa_settings.json").read_text())
    jwks = fetch_jwks(identity["JwksUrl"])
    rendered = render(settings, args.stage, identity, data, jwks=jwks, secret_key=secret, version=app_version())
    if args.first_deploy:
        rendered[args.stage].pop("apigateway_lambda_qualifier", None)
        rendered.get("dev", {}).pop("apigateway_lambda_qualifier", None)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rendered, indent=4) + "\n")
    out.chmod(0o600)
    print(f"wrote {out} for stage {args.stage}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
