"""The table definitions, in one place.

The local bootstrap creates the tables from these definitions, and the infra
test checks that infra/ CloudFormation declares exactly the same keys, indexes,
projections, encryption and TTL. Change one without the other and it fails.
"""

PK = "PK"
SK = "SK"

# GSI1: trades by status (sharded), a party's trades by role, the audit log by moderator,
# the reported queue, profiles by username prefix. See keys.py for what each item writes.
GSI1 = "GSI1"
GSI1_PK = "GSI1PK"
GSI1_SK = "GSI1SK"

# GSI2: a trader's cards by name, a party's trades by status, the audit log by target, reports by reporter.
GSI2 = "GSI2"
GSI2_PK = "GSI2PK"
GSI2_SK = "GSI2SK"

INDEX_KEYS = {GSI1: (GSI1_PK, GSI1_SK), GSI2: (GSI2_PK, GSI2_SK)}

TTL_ATTRIBUTE = "ttl"

# DynamoDB's own limits.
MAX_TRANSACTION_ACTIONS = 100  # TransactWriteItems
MAX_BATCH_GET_KEYS = 100  # BatchGetItem
MAX_BATCH_WRITE_ITEMS = 25  # BatchWriteItem

# django-dynamodb-cache's column names (its Settings defaults).
CACHE_KEY = "cache_key"
CACHE_EXPIRATION = "expiration"


def _sse(kms_key_id: str | None) -> dict:
    spec = {"Enabled": True, "SSEType": "KMS"}
    if kms_key_id:
        spec["KMSMasterKeyId"] = kms_key_id
    return spec


def _gsi(name: str, pk: str, sk: str) -> dict:
    return {
        "IndexName": name,
        "KeySchema": [{"AttributeName": pk, "KeyType": "HASH"}, {"AttributeName": sk, "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"},
    }


def main_table(name: str, kms_key_id: str | None = None) -> dict:
    """CreateTable arguments for the main single table."""
    return {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": attr, "AttributeType": "S"} for attr in (PK, SK, GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK)
        ],
        "KeySchema": [{"AttributeName": PK, "KeyType": "HASH"}, {"AttributeName": SK, "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [_gsi(GSI1, GSI1_PK, GSI1_SK), _gsi(GSI2, GSI2_PK, GSI2_SK)],
        "SSESpecification": _sse(kms_key_id),
    }


def cache_table(name: str, kms_key_id: str | None = None) -> dict:
    """CreateTable arguments for the cache table (sessions, throttles, small caches)."""
    return {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": CACHE_KEY, "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": CACHE_KEY, "KeyType": "HASH"}],
        "SSESpecification": _sse(kms_key_id),
    }


# TTL attribute per table kind; enabled with UpdateTimeToLive after creation.
MAIN_TABLE_TTL = TTL_ATTRIBUTE
CACHE_TABLE_TTL = CACHE_EXPIRATION
