"""Django's cache on DynamoDB: django-dynamodb-cache, with the parts we rely on fixed.

What the upstream 0.6.0 backend does, and what this subclass changes:

- it builds its own boto3 resource per cache instance (Django makes one per
  thread) and, whenever ``pytest`` is imported, points it at localhost:8000.
  Here every call goes through ``tradeapi.aws``: the configured endpoint, one
  client per process.
- ``add()`` and ``incr()`` read, then write. Here ``add()`` is one conditional
  PutItem and ``incr()`` one atomic UpdateItem ``ADD`` (integers are stored as a
  DynamoDB number, not a pickle, so they can be added to).
- ``has_key()`` ignores expiry; here it honours it. ``set()`` costs two round
  trips upstream, one here. ``set_many()`` overwrites existing keys.
- ``clear()`` reads one page upstream; here it pages through the table (Scan:
  an offline admin operation, never on a request path).

Values other than integers are pickled (the library's encoder); only this
application writes the table.
"""

import time
from decimal import Decimal

from botocore.exceptions import ClientError
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_dynamodb_cache.backend import DjangoCacheBackend
from django_dynamodb_cache.settings import Settings

from tradeapi import aws
from tradeapi.db.schema import CACHE_EXPIRATION, CACHE_KEY

CONTENT = "content"
NUMBER = "number"


class DynamoDBCache(DjangoCacheBackend):
    def __init__(self, location, params):
        # Deliberately not calling the upstream __init__: it creates a boto3
        # resource per instance and may point it at localhost:8000.
        options = params.get("OPTIONS", {})
        self.settings = Settings(
            table_name=location,
            timeout=params.get("TIMEOUT", 300),
            key_prefix=params.get("KEY_PREFIX", ""),
            version=params.get("VERSION", 1),
            key_function=params.get("KEY_FUNCTION"),
            **options,
        )
        self._table = location
        self.version = self.settings.version
        self.key_prefix = self.settings.key_prefix
        self.key_func = self.settings.key_func
        self.timeout = self.settings.timeout
        self.default_timeout = self.timeout
        self.encode = self.settings.module("encode")

    # --- plumbing ---------------------------------------------------------

    @property
    def client(self):
        return aws.dynamodb()

    def _expiry(self, timeout) -> Decimal | None:
        if timeout is DEFAULT_TIMEOUT or timeout is self._not_set():
            timeout = self.timeout
        if timeout is None:
            return None
        return Decimal(str(round(time.time() + float(timeout), 3)))

    @staticmethod
    def _not_set():
        from django_dynamodb_cache.cache import _NOT_SET

        return _NOT_SET

    def _key(self, key, version=None) -> str:
        full = self.make_key(key, version=version)
        self.validate_key(full)
        return full

    def _item(self, full_key: str, value, timeout) -> dict:
        item = {CACHE_KEY: {"S": full_key}}
        expiry = self._expiry(timeout)
        item[CACHE_EXPIRATION] = {"N": str(expiry)} if expiry is not None else {"NULL": True}
        if type(value) is int:
            item[NUMBER] = {"N": str(value)}
        else:
            item[CONTENT] = {"B": self.encode.dumps(value)}
        return item

    @staticmethod
    def _live(item: dict) -> bool:
        expiry = item.get(CACHE_EXPIRATION, {})
        return "N" not in expiry or Decimal(expiry["N"]) > Decimal(str(time.time()))

    def _decode(self, item: dict):
        if NUMBER in item:
            return int(item[NUMBER]["N"])
        return self.encode.loads(item[CONTENT]["B"])

    def _get_item(self, full_key: str) -> dict | None:
        response = self.client.get_item(TableName=self._table, Key={CACHE_KEY: {"S": full_key}}, ConsistentRead=True)
        item = response.get("Item")
        return item if item and self._live(item) else None

    # --- the Django cache API ----------------------------------------------

    def get(self, key, default=None, version=None):
        item = self._get_item(self._key(key, version))
        return default if item is None else self._decode(item)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.client.put_item(TableName=self._table, Item=self._item(self._key(key, version), value, timeout))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        """Store only if absent or expired: one conditional PutItem, atomic."""
        try:
            self.client.put_item(
                TableName=self._table,
                Item=self._item(self._key(key, version), value, timeout),
                ConditionExpression="attribute_not_exists(#k) OR #e < :now",
                ExpressionAttributeNames={"#k": CACHE_KEY, "#e": CACHE_EXPIRATION},
                ExpressionAttributeValues={":now": {"N": str(time.time())}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def incr(self, key, delta=1, version=None) -> int:
        """Atomic ADD on a live integer value; ValueError when absent, as Django's contract says."""
        try:
            response = self.client.update_item(
                TableName=self._table,
                Key={CACHE_KEY: {"S": self._key(key, version)}},
                UpdateExpression="ADD #n :d",
                ConditionExpression="attribute_exists(#n) AND (attribute_type(#e, :null) OR #e > :now)",
                ExpressionAttributeNames={"#n": NUMBER, "#e": CACHE_EXPIRATION},
                ExpressionAttributeValues={
                    ":d": {"N": str(int(delta))},
                    ":now": {"N": str(time.time())},
                    ":null": {"S": "NULL"},
                },
                ReturnValues="UPDATED_NEW",
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise ValueError(f"Key {key!r} not found") from None
            raise
        return int(response["Attributes"][NUMBER]["N"])

    def decr(self, key, delta=1, version=None) -> int:
        return self.incr(key, -delta, version)

    def has_key(self, key, version=None) -> bool:
        return self._get_item(self._key(key, version)) is not None

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        expiry = self._expiry(timeout)
        try:
            self.client.update_item(
                TableName=self._table,
                Key={CACHE_KEY: {"S": self._key(key, version)}},
                UpdateExpression="SET #e = :e",
                ConditionExpression="attribute_exists(#k)",
                ExpressionAttributeNames={"#e": CACHE_EXPIRATION, "#k": CACHE_KEY},
                ExpressionAttributeValues={":e": {"N": str(expiry)} if expiry is not None else {"NULL": True}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def delete(self, key, version=None) -> bool:
        response = self.client.delete_item(
            TableName=self._table, Key={CACHE_KEY: {"S": self._key(key, version)}}, ReturnValues="ALL_OLD"
        )
        return "Attributes" in response

    def get_many(self, keys, version=None) -> dict:
        by_full_key = {self._key(k, version): k for k in keys}
        found = {}
        pending = list(by_full_key)
        while pending:
            batch, pending = pending[:100], pending[100:]
            request = {self._table: {"Keys": [{CACHE_KEY: {"S": k}} for k in batch], "ConsistentRead": True}}
            while request:
                response = self.client.batch_get_item(RequestItems=request)
                for item in response["Responses"].get(self._table, []):
                    if self._live(item):
                        found[by_full_key[item[CACHE_KEY]["S"]]] = self._decode(item)
                request = response.get("UnprocessedKeys") or None
        return found

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        for key, value in data.items():
            self.set(key, value, timeout=timeout, version=version)
        return []

    def delete_many(self, keys, version=None) -> None:
        for key in keys:
            self.delete(key, version=version)

    def clear(self) -> bool:
        """Empty the whole table. An offline admin operation: it Scans."""
        paginator = self.client.get_paginator("scan")
        for page in paginator.paginate(
            TableName=self._table, ProjectionExpression="#k", ExpressionAttributeNames={"#k": CACHE_KEY}
        ):
            for item in page["Items"]:
                self.client.delete_item(TableName=self._table, Key=item)
        return True

    def close(self, **kwargs) -> None:
        """Nothing to close: the client is shared by the process."""
