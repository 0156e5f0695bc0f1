"""Every infra/ template deploys into the emulator's CloudFormation, and the app runs on the outputs."""

import json
import uuid

import pytest
from rest_framework.test import APIClient

from tests.deploy import infra
from tests.deploy.conftest import app_pointed_at
from tests.helpers import TEST_PASSWORD
from tradeapi import aws

# What moto's CloudFormation does not model, and so skips (it warns and creates nothing).
# Cognito is created by tests/deploy/infra.realize_identity from identity.yml's own properties;
# the rest are exercised only by cfn-lint and checkov (tests/deploy/test_templates.py).
EXPECTED_SKIPPED = {
    "identity.yml": {"AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolGroup"},
    "data.yml": {"AWS::S3::BucketPolicy"},
    "waf.yml": {"AWS::WAFv2::WebACL", "AWS::WAFv2::LoggingConfiguration", "AWS::WAFv2::WebACLAssociation"},
    # The alarms are created instead through PutMetricAlarm from the template's own properties.
    "monitoring.yml": {"AWS::CloudWatch::Alarm", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription"},
    "pipeline.yml": {
        "AWS::S3::BucketPolicy",
        "AWS::CodeBuild::Project",
        "AWS::CodeDeploy::Application",
        "AWS::CodeDeploy::DeploymentGroup",
        "AWS::CodePipeline::Pipeline",
    },
}


def test_the_skipped_resource_types_are_exactly_the_listed_ones():
    assert {path.name for path in infra.TEMPLATES} == set(EXPECTED_SKIPPED)
    for path in infra.TEMPLATES:
        assert infra.skipped_types(infra.load(path.name)) == EXPECTED_SKIPPED[path.name], path.name


def test_data_stack_creates_the_key_tables_and_role(deployed):
    ddb, kms, iam = aws.dynamodb(), aws.client("kms"), aws.client("iam")
    table = ddb.describe_table(TableName=deployed.data["TableName"])["Table"]
    assert table["TableName"] == "tradeapi-dev"
    assert {index["IndexName"] for index in table["GlobalSecondaryIndexes"]} == {"GSI1", "GSI2"}
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    cache = ddb.describe_table(TableName=deployed.data["CacheTableName"])["Table"]
    assert cache["KeySchema"] == [{"AttributeName": "cache_key", "KeyType": "HASH"}]

    key = kms.describe_key(KeyId=deployed.data["KmsKeyArn"])["KeyMetadata"]
    assert key["KeyManager"] == "CUSTOMER" and key["Enabled"]
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is True
    aliases = {a["AliasName"] for a in kms.list_aliases(KeyId=key["KeyId"])["Aliases"]}
    assert deployed.data["KmsKeyAlias"] in aliases == {"alias/tradeapi-dev"} or "alias/tradeapi-dev" in aliases

    role = iam.get_role(RoleName=deployed.data["ExecutionRoleName"])["Role"]
    assert role["Arn"] == deployed.data["ExecutionRoleArn"]
    assert iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"] == ["tradeapi-dev-lambda"]
    assert aws.client("s3").head_bucket(Bucket=deployed.data["DeploymentBucketName"])


@pytest.mark.parametrize("template", ["waf.yml", "pipeline.yml"])
def test_the_other_stacks_deploy_as_far_as_the_emulator_models_them(deployed, template):
    params = {"Stage": "dev", "ProjectName": f"t{uuid.uuid4().hex[:6]}"}
    if template == "pipeline.yml":
        params.update(
            ConnectionArn="",
            SourceProvider="CodeCommit",
            DeploymentBucketName=deployed.data["DeploymentBucketName"],
            ExecutionRoleArn=deployed.data["ExecutionRoleArn"],
        )
    outputs = infra.deploy(
        aws.client("cloudformation"), f"{params['ProjectName']}-dev-{template[:-4]}", template, params
    )
    if template == "pipeline.yml":
        # The modelled parts exist: the encrypted artifact bucket and the roles.
        bucket = outputs["ArtifactBucketName"]
        encryption = aws.client("s3").get_bucket_encryption(Bucket=bucket)
        rule = encryption["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]
        assert rule["SSEAlgorithm"] == "aws:kms"
        roles = {r["RoleName"] for r in aws.client("iam").list_roles()["Roles"]}
        for suffix in ("pipeline", "build", "deploy", "codedeploy", "cloudformation"):
            assert f"{params['ProjectName']}-dev-{suffix}" in roles


def test_monitoring_stack_deploys_and_its_alarms_reach_the_topic(deployed):
    project = f"m{uuid.uuid4().hex[:6]}"
    params = {"Stage": "dev", "ProjectName": project}
    cloudformation, cloudwatch = aws.client("cloudformation"), aws.client("cloudwatch")
    stack = f"{project}-dev-monitoring"
    outputs = infra.deploy(cloudformation, stack, "monitoring.yml", params)
    topic = outputs["AlarmTopicArn"]
    key = aws.client("sns").get_topic_attributes(TopicArn=topic)["Attributes"]["KmsMasterKeyId"]
    assert aws.client("kms").describe_key(KeyId=key)["KeyMetadata"]["KeyManager"] == "CUSTOMER"

    names = infra.realize_alarms(cloudwatch, "monitoring.yml", params, {"AlarmTopic": topic})
    alarms = cloudwatch.describe_alarms(AlarmNamePrefix=f"{project}-dev-")["MetricAlarms"]
    assert sorted(a["AlarmName"] for a in alarms) == sorted(names) and len(names) == 7
    for alarm in alarms:
        assert alarm["AlarmActions"] == [topic] == alarm["OKActions"], alarm["AlarmName"]
    by_name = {a["AlarmName"].removeprefix(f"{project}-dev-"): a for a in alarms}
    assert by_name["lambda-duration-p95"]["ExtendedStatistic"] == "p95"
    rate = [m for m in by_name["api-5xx-rate"]["Metrics"] if m.get("ReturnData")]
    assert rate[0]["Expression"] == "IF(requests >= 20, 100 * errors / requests, 0)"
    assert f"'{project}-%dev'" in by_name["dynamodb-throttles"]["Metrics"][0]["Expression"]

    body = json.loads(cloudwatch.get_dashboard(DashboardName=outputs["DashboardName"])["DashboardBody"])
    shown = {entry[1] for widget in body["widgets"] for entry in widget["properties"]["metrics"] if len(entry) > 2}
    assert {"Count", "5XXError", "Errors", "Throttles", "Duration", "BlockedRequests"} <= shown
    assert len(body["widgets"]) == 6


def test_identity_stack_matches_what_the_app_expects(deployed):
    pool = aws.cognito().describe_user_pool(UserPoolId=deployed.identity["UserPoolId"])["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert pool["AutoVerifiedAttributes"] == ["email"]
    client = aws.cognito().describe_user_pool_client(
        UserPoolId=deployed.identity["UserPoolId"], ClientId=deployed.identity["UserPoolClientId"]
    )["UserPoolClient"]
    assert set(client["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert client["AccessTokenValidity"] == 60 and client["TokenValidityUnits"]["AccessToken"] == "minutes"
    assert deployed.identity["Issuer"].endswith("/" + deployed.identity["UserPoolId"])


def test_the_app_runs_against_the_deployed_stacks_outputs(deployed, local_stack, settings):
    settings.COGNITO_AUTO_CONFIRM = True
    with app_pointed_at(deployed, local_stack):
        username = f"deploy{uuid.uuid4().hex[:8]}"
        client = APIClient()
        signed = client.post(
            "/api/auth/signup",
            {"username": username, "email": f"{username}@example.com", "password": TEST_PASSWORD},
            format="json",
        )
        assert signed.status_code == 201, signed.content
        login = client.post("/api/auth/login", {"username": username, "password": TEST_PASSWORD}, format="json")
        assert login.status_code == 200, login.content
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access_token']}")
        me = client.get("/api/me")
        assert me.status_code == 200 and me.json()["username"] == username
        binders = client.get("/api/binders/")
        assert binders.status_code == 200, binders.content
        assert client.get("/health").status_code == 200
        # The profile landed in the deployed table, not the bootstrap one.
        item = aws.dynamodb().query(
            TableName=deployed.data["TableName"],
            KeyConditionExpression="PK = :pk",
            ExpressionAttributeValues={":pk": {"S": f"USER#{signed.json()['sub']}"}},
            Limit=1,
        )
        assert item["Count"] == 1
