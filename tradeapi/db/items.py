"""Conversion between plain Python dicts and DynamoDB's typed wire format."""

from decimal import Decimal

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return {_plain(v) for v in value}
    return value


def to_wire(value):
    return _serializer.serialize(value)


def to_item(data: dict) -> dict:
    """A dict of Python values → a DynamoDB item. None values are left out."""
    return {k: _serializer.serialize(v) for k, v in data.items() if v is not None}


def from_item(item: dict) -> dict:
    """A DynamoDB item → a dict of Python values (numbers as int where whole)."""
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


def values(**kwargs) -> dict:
    """ExpressionAttributeValues from keyword arguments: values(v=1) → {":v": {"N": "1"}}."""
    return {f":{k}": _serializer.serialize(v) for k, v in kwargs.items()}


def wire_key(plain: dict[str, str]) -> dict:
    """A key built by tradeapi.db.keys ({"PK": ..., "SK": ...}) → its wire format (string attributes)."""
    return {name: {"S": value} for name, value in plain.items()}
