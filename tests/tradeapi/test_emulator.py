"""The embedded emulator behaves like DynamoDB under concurrency: conditional writes are atomic."""

import threading
import uuid

from botocore.exceptions import ClientError
from django.conf import settings

from tradeapi import aws
from tradeapi.local.emulator import SerializedApp

THREADS = 40
ROUNDS = 20


def race_conditional_put(pk: str) -> list[bool]:
    """THREADS threads put the same key with attribute_not_exists; returns who won."""
    barrier = threading.Barrier(THREADS)
    outcomes = [None] * THREADS
    ddb = aws.dynamodb()

    def contender(index: int):
        barrier.wait()
        try:
            ddb.put_item(
                TableName=settings.TABLE_NAME,
                Item={"PK": {"S": pk}, "SK": {"S": "RACE"}, "winner": {"N": str(index)}},
                ConditionExpression="attribute_not_exists(PK)",
            )
            outcomes[index] = True
        except ClientError as exc:
            assert exc.response["Error"]["Code"] == "ConditionalCheckFailedException"
            outcomes[index] = False

    threads = [threading.Thread(target=contender, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_exactly_one_of_40_racing_conditional_writes_wins_every_round():
    for round_number in range(ROUNDS):
        pk = f"RACE#{uuid.uuid4()}"
        outcomes = race_conditional_put(pk)
        assert outcomes.count(True) == 1, f"round {round_number}: {outcomes.count(True)} winners"
        assert outcomes.count(False) == THREADS - 1
        stored = aws.dynamodb().get_item(
            TableName=settings.TABLE_NAME, Key={"PK": {"S": pk}, "SK": {"S": "RACE"}}, ConsistentRead=True
        )["Item"]
        assert outcomes[int(stored["winner"]["N"])] is True


def test_serialized_app_lets_one_request_in_at_a_time():
    inside = 0
    most_inside = 0
    gate = threading.Lock()

    def slow_app(environ, start_response):
        nonlocal inside, most_inside
        with gate:
            inside += 1
            most_inside = max(most_inside, inside)
        threading.Event().wait(0.002)
        with gate:
            inside -= 1
        start_response("200 OK", [])
        return [b"ok"]

    app = SerializedApp(slow_app)
    threads = [threading.Thread(target=app, args=({}, lambda *a: None)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most_inside == 1


def test_tables_are_encrypted_with_the_local_kms_key(local_stack):
    table = aws.dynamodb().describe_table(TableName=settings.TABLE_NAME)["Table"]
    assert table["SSEDescription"]["Status"] == "ENABLED"
    assert table["SSEDescription"]["SSEType"] == "KMS"
    assert table["SSEDescription"]["KMSMasterKeyArn"] == local_stack.kms_key_id
    assert {index["IndexName"] for index in table["GlobalSecondaryIndexes"]} == {"GSI1", "GSI2"}
    ttl = aws.dynamodb().describe_time_to_live(TableName=settings.TABLE_NAME)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "ttl" and ttl["TimeToLiveStatus"] == "ENABLED"
    cache = aws.dynamodb().describe_table(TableName=settings.CACHE_TABLE_NAME)["Table"]
    assert cache["SSEDescription"]["KMSMasterKeyArn"] == local_stack.kms_key_id


def test_cognito_pool_has_the_app_client_and_staff_group(local_stack):
    idp = aws.cognito()
    client = idp.describe_user_pool_client(UserPoolId=local_stack.user_pool_id, ClientId=local_stack.client_id)
    flows = set(client["UserPoolClient"]["ExplicitAuthFlows"])
    assert {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"} <= flows
    groups = idp.list_groups(UserPoolId=local_stack.user_pool_id)["Groups"]
    assert [g["GroupName"] for g in groups] == [settings.COGNITO_STAFF_GROUP]


def test_index_queries_see_every_kind_of_write_at_once():
    """moto_fixes groups items by index key for index Queries; each write must show in the next Query."""
    ddb, table = aws.dynamodb(), settings.TABLE_NAME
    tag = uuid.uuid4().hex
    first, second = f"IDXTEST#{tag}#1", f"IDXTEST#{tag}#2"

    def found(pk: str) -> list[str]:
        items = ddb.query(
            TableName=table,
            IndexName="GSI1",
            KeyConditionExpression="GSI1PK = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
        )["Items"]
        return sorted(item["PK"]["S"] for item in items)

    def item(n: int, gsi: str) -> dict:
        return {"PK": {"S": f"{tag}#{n}"}, "SK": {"S": "X"}, "GSI1PK": {"S": gsi}, "GSI1SK": {"S": str(n)}}

    assert found(first) == []
    ddb.put_item(TableName=table, Item=item(1, first))
    assert found(first) == [f"{tag}#1"]
    ddb.update_item(  # an index key changed in place
        TableName=table,
        Key={"PK": {"S": f"{tag}#1"}, "SK": {"S": "X"}},
        UpdateExpression="SET GSI1PK = :new",
        ExpressionAttributeValues={":new": {"S": second}},
    )
    assert (found(first), found(second)) == ([], [f"{tag}#1"])
    ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": item(2, second)}}]})
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": item(3, first)}}])
    assert (found(first), found(second)) == ([f"{tag}#3"], [f"{tag}#1", f"{tag}#2"])
    ddb.delete_item(TableName=table, Key={"PK": {"S": f"{tag}#2"}, "SK": {"S": "X"}})
    ddb.batch_write_item(
        RequestItems={table: [{"DeleteRequest": {"Key": {"PK": {"S": f"{tag}#3"}, "SK": {"S": "X"}}}}]}
    )
    assert (found(first), found(second)) == ([], [f"{tag}#1"])
