"""Profiles in the single table: the only module in accounts that talks to DynamoDB."""

from django.conf import settings

from accounts.domain import Profile, ProfileNotFound, UsernameTaken
from tradeapi import aws
from tradeapi.db import keys
from tradeapi.db.items import from_item, to_item, values, wire_key
from tradeapi.db.transactions import TransactionConflict, transact_write
from tradeapi.exceptions import Conflict

COUNTERS = ("binder_count", "trade_count")

PROFILE_FIELDS = ("sub", "username", "email", "display_name", "bio", "location", "created_at", "updated_at",
                  "suspended", "suspended_reason")
READ_FIELDS = PROFILE_FIELDS + COUNTERS


def profile_from_item(item: dict) -> Profile:
    """A profile item (wire format) → Profile."""
    data = from_item(item)
    return Profile(**{name: data[name] for name in READ_FIELDS if name in data})


class ProfileRepository:
    def __init__(self, client=None, table: str | None = None):
        self._client = client
        self._table = table

    @property
    def client(self):
        return self._client or aws.dynamodb()

    @property
    def table(self) -> str:
        return self._table or settings.TABLE_NAME

    def add(self, profile: Profile, *, with_items: list[dict] = ()) -> None:
        """Create the profile and claim its username, atomically, with any extra actions."""
        profile_item = {**keys.profile_key(profile.sub), **keys.user_search_keys(profile.username), "type": "PROFILE",
                        **{name: getattr(profile, name) for name in READ_FIELDS}}
        claim_item = {**keys.username_claim_key(profile.username), "type": "USERNAME", "sub": profile.sub}
        actions = [
            {"Put": {"TableName": self.table, "Item": to_item(profile_item),
                     "ConditionExpression": "attribute_not_exists(PK)"}},
            {"Put": {"TableName": self.table, "Item": to_item(claim_item),
                     "ConditionExpression": "attribute_not_exists(PK)"}},
            *with_items,
        ]
        try:
            transact_write(actions)
        except TransactionConflict as exc:
            if 1 in exc.failed:
                raise UsernameTaken() from exc
            raise Conflict("This account already has a profile.", code="profile_exists") from exc

    def get(self, sub: str) -> Profile:
        item = self.client.get_item(TableName=self.table, Key=wire_key(keys.profile_key(sub))).get("Item")
        if item is None:
            raise ProfileNotFound()
        return profile_from_item(item)

    def is_suspended(self, sub: str) -> bool:
        """The suspension flag alone (one GetItem, projected); a sub with no profile is not suspended."""
        item = self.client.get_item(TableName=self.table, Key=wire_key(keys.profile_key(sub)),
                                    ProjectionExpression="suspended").get("Item")
        return bool(item and item.get("suspended", {}).get("BOOL"))

    def sub_for_username(self, username: str) -> str:
        item = self.client.get_item(TableName=self.table, Key=wire_key(keys.username_claim_key(username))).get("Item")
        if item is None:
            raise ProfileNotFound()
        return item["sub"]["S"]

    def update(self, profile: Profile, changes: dict, now: str) -> Profile:
        """Set writable fields; the profile must exist."""
        names = {f"#{field}": field for field in changes}
        sets = ", ".join(f"#{field} = :{field}" for field in changes)
        response = self.client.update_item(
            TableName=self.table,
            Key=wire_key(keys.profile_key(profile.sub)),
            UpdateExpression=f"SET {sets}, #updated_at = :updated_at" if sets else "SET #updated_at = :updated_at",
            ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeNames={**names, "#updated_at": "updated_at"},
            ExpressionAttributeValues=values(**changes, updated_at=now),
            ReturnValues="ALL_NEW",
        )
        return profile_from_item(response["Attributes"])


def profile_counter_action(sub: str, counter: str, delta: int, table: str | None = None) -> dict:
    """A TransactWriteItems Update that adds ``delta`` to one of the profile's counters.

    Collections and trades include it in their own transactions, so /api/me's
    binder_count and trade_count stay exact without a Query.
    """
    if counter not in COUNTERS:
        raise ValueError(f"unknown profile counter {counter!r}")
    return {
        "Update": {
            "TableName": table or settings.TABLE_NAME,
            "Key": wire_key(keys.profile_key(sub)),
            "UpdateExpression": "ADD #c :d",
            "ConditionExpression": "attribute_exists(PK)",
            "ExpressionAttributeNames": {"#c": counter},
            "ExpressionAttributeValues": values(d=delta),
        }
    }
