"""Move the `live` alias to the function's newest code through CodeDeploy (AllAtOnce) and wait.

    python scripts/shift_live_alias.py <function> <codedeploy application> <deployment group>

Run after `zappa update`. Publishes a version (a no-op returning the existing one when
nothing changed), and when `live` points elsewhere, asks CodeDeploy to shift it; the
deployment group rolls back on failure.
"""

import json
import sys

import boto3

ALIAS = "live"


def appspec(function: str, current: str, target: str) -> str:
    return json.dumps(
        {
            "version": 0.0,
            "Resources": [
                {
                    "app": {
                        "Type": "AWS::Lambda::Function",
                        "Properties": {
                            "Name": function,
                            "Alias": ALIAS,
                            "CurrentVersion": current,
                            "TargetVersion": target,
                        },
                    }
                }
            ],
        }
    )


def main(function: str, application: str, group: str) -> int:
    lambda_client, codedeploy = boto3.client("lambda"), boto3.client("codedeploy")
    current = lambda_client.get_alias(FunctionName=function, Name=ALIAS)["FunctionVersion"]
    target = lambda_client.publish_version(FunctionName=function)["Version"]
    if current == target:
        print(f"{function}:{ALIAS} already at version {target}")
        return 0
    deployment = codedeploy.create_deployment(
        applicationName=application,
        deploymentGroupName=group,
        revision={"revisionType": "AppSpecContent", "appSpecContent": {"content": appspec(function, current, target)}},
    )["deploymentId"]
    print(f"CodeDeploy {deployment}: {function}:{ALIAS} {current} -> {target}")
    codedeploy.get_waiter("deployment_successful").wait(deploymentId=deployment)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
