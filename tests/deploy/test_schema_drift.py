"""infra/data.yml declares exactly the tables tradeapi/db/schema.py defines (the code bootstraps from it)."""

import pytest

from tests.deploy import infra
from tradeapi import aws
from tradeapi.db import schema

TEMPLATE = infra.load("data.yml")
TABLES = {
    "MainTable": (schema.main_table("x"), schema.MAIN_TABLE_TTL),
    "CacheTable": (schema.cache_table("x"), schema.CACHE_TABLE_TTL),
}


def _attributes(definitions) -> dict:
    return {d["AttributeName"]: d["AttributeType"] for d in definitions}


def _indexes(indexes) -> dict:
    return {i["IndexName"]: (i["KeySchema"], i["Projection"]) for i in indexes or []}


@pytest.mark.parametrize("logical_id", TABLES)
def test_template_table_equals_schema(logical_id):
    props = TEMPLATE["Resources"][logical_id]["Properties"]
    code, ttl = TABLES[logical_id]
    assert props["BillingMode"] == code["BillingMode"]
    assert props["KeySchema"] == code["KeySchema"]
    assert _attributes(props["AttributeDefinitions"]) == _attributes(code["AttributeDefinitions"])
    assert _indexes(props.get("GlobalSecondaryIndexes")) == _indexes(code.get("GlobalSecondaryIndexes"))
    assert "LocalSecondaryIndexes" not in props and "LocalSecondaryIndexes" not in code


@pytest.mark.parametrize("logical_id", TABLES)
def test_template_encryption_ttl_and_recovery_equal_schema(logical_id):
    props = TEMPLATE["Resources"][logical_id]["Properties"]
    code, ttl = TABLES[logical_id]
    sse = props["SSESpecification"]
    assert (sse["SSEEnabled"], sse["SSEType"]) == (
        code["SSESpecification"]["Enabled"],
        code["SSESpecification"]["SSEType"],
    )
    assert sse["KMSMasterKeyId"] == {"Fn::GetAtt": ["TableKey", "Arn"]}  # the customer-managed key
    assert props["TimeToLiveSpecification"] == {"AttributeName": ttl, "Enabled": True}
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["DeletionProtectionEnabled"] == {"Fn::If": ["IsProduction", True, False]}
    assert TEMPLATE["Resources"][logical_id]["DeletionPolicy"] == "Retain"


def test_key_rotation_and_policy():
    key = TEMPLATE["Resources"]["TableKey"]["Properties"]
    assert key["EnableKeyRotation"] is True
    statements = {s["Sid"]: s for s in key["KeyPolicy"]["Statement"]}
    assert set(statements) == {"AccountRootAdministers", "LambdaUsesKeyThroughDynamoDB"}
    lambda_use = statements["LambdaUsesKeyThroughDynamoDB"]
    assert lambda_use["Principal"] == {"AWS": {"Fn::GetAtt": ["ExecutionRole", "Arn"]}}
    assert sorted(lambda_use["Action"]) == ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"]
    assert lambda_use["Condition"]["StringEquals"]["kms:ViaService"] == {
        "Fn::Sub": "dynamodb.${AWS::Region}.amazonaws.com"
    }


def test_deployed_tables_equal_the_bootstrapped_ones(deployed, local_stack):
    """What CloudFormation created (in the emulator) and what the code bootstraps describe alike."""
    ddb = aws.dynamodb()
    pairs = [
        (deployed.data["TableName"], local_stack.table),
        (deployed.data["CacheTableName"], local_stack.cache_table),
    ]
    for from_template, from_code in pairs:
        a = ddb.describe_table(TableName=from_template)["Table"]
        b = ddb.describe_table(TableName=from_code)["Table"]
        assert a["KeySchema"] == b["KeySchema"]
        assert _attributes(a["AttributeDefinitions"]) == _attributes(b["AttributeDefinitions"])
        assert _indexes(a.get("GlobalSecondaryIndexes")) == _indexes(b.get("GlobalSecondaryIndexes"))
        assert a["BillingModeSummary"]["BillingMode"] == b["BillingModeSummary"]["BillingMode"]


def test_local_bootstrap_password_policy_equals_the_identity_template():
    from tradeapi.local.stack import PASSWORD_POLICY

    policy = infra.load("identity.yml")["Resources"]["UserPool"]["Properties"]["Policies"]["PasswordPolicy"]
    assert {k: v for k, v in policy.items() if k in PASSWORD_POLICY} == PASSWORD_POLICY
