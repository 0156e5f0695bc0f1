"""Profiles in the single table: the only module in accounts that talks to DynamoDB.

Accounts owns every profile read and write. Other apps' transactions change a profile
only through the contributors here (``add_counter``, ``add_suspension``), which add
their action to the caller's ``Transaction``.
"""

from collections.abc import Callable

from accounts.domain import DEFAULT_CURRENCY, Profile, ProfileExists, ProfileNotFound, ProfileRequired, UsernameTaken
from tradeapi.db import actions, keys, table
from tradeapi.db.items import from_item, values
from tradeapi.db.schema import GSI1, GSI2
from tradeapi.db.transactions import ConflictHandler, Transaction
from tradeapi.paging import Page

COUNTERS = ("binder_count", "trade_count")
PROFILE_FIELDS = (
    "sub",
    "username",
    "email",
    "display_name",
    "bio",
    "location",
    "created_at",
    "updated_at",
    "suspended",
    "suspended_reason",
    "currency",
)
READ_FIELDS = PROFILE_FIELDS + COUNTERS

# Adds what a new profile starts with to its creating transaction (binders adds the default
# binder); returns the counters those items start at, e.g. {"binder_count": 1}.
ProfileStarter = Callable[[Transaction, str, str], dict[str, int]]


def profile_from_item(item: dict) -> Profile:
    data = from_item(item)
    return Profile(**{name: data[name] for name in READ_FIELDS if name in data})


def _profile_item(profile: Profile) -> dict:
    return {
        **keys.profile_key(profile.sub),
        **keys.user_search_keys(profile.username),
        **keys.trader_directory_keys(profile.username),
        "type": "PROFILE",
        **{name: getattr(profile, name) for name in READ_FIELDS},
    }


def profile_add(profile: Profile, *, starters: list[ProfileStarter] = (), now: str) -> Profile:
    """Create the profile, claim its username and add what it starts with, in one transaction."""
    tx = Transaction()
    starts: dict[str, int] = {}
    extras = Transaction()
    for starter in starters:
        for counter, count in starter(extras, profile.sub, now).items():
            starts[counter] = starts.get(counter, 0) + count
    profile = profile.with_counters(**starts)
    tx.add(actions.put(_profile_item(profile)), on_conflict=lambda failures: ProfileExists())
    tx.add(
        actions.put({**keys.username_claim_key(profile.username), "type": "USERNAME", "sub": profile.sub}),
        on_conflict=lambda failures: UsernameTaken(),
    )
    tx.include(extras)
    tx.commit()
    return profile


def profile_get(sub: str) -> Profile:
    item = table.get_item(keys.profile_key(sub), consistent=False)
    if item is None:
        raise ProfileNotFound()
    return profile_from_item(item)


def profile_is_suspended(sub: str) -> bool:
    """The suspension flag alone (one projected GetItem); a sub with no profile is not suspended."""
    item = table.get_item(keys.profile_key(sub), consistent=False, projection="suspended")
    return bool(item and item.get("suspended", {}).get("BOOL"))


def profile_flags(sub: str) -> tuple[bool, str]:
    """(suspended, currency): one GetItem projecting the two; a sub with no profile is not suspended, in USD."""
    item = table.get_item(keys.profile_key(sub), consistent=False, projection="suspended, currency")
    item = item or {}
    return bool(item.get("suspended", {}).get("BOOL")), item.get("currency", {}).get("S") or DEFAULT_CURRENCY


def profile_sub_for_username(username: str) -> str:
    item = table.get_item(keys.username_claim_key(username), consistent=False)
    if item is None:
        raise ProfileNotFound()
    return item["sub"]["S"]


def profile_update(sub: str, changes: dict, now: str) -> Profile:
    """Set writable fields; the profile must exist."""
    clause, names, fields = actions.set_fields({**changes, "updated_at": now})
    updated = table.update_item(actions.update(keys.profile_key(sub), f"SET {clause}", values=fields, names=names))
    if updated is None:
        raise ProfileNotFound()
    return profile_from_item(updated)


def profiles_by_prefix(prefix: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    """Profiles whose username starts with ``prefix`` (case-insensitive), in order: one Query on GSI1."""
    lowered = prefix.lower()
    query = {
        "IndexName": GSI1,
        "Limit": limit,
        "KeyConditionExpression": "GSI1PK = :pk AND begins_with(GSI1SK, :prefix)",
        "ExpressionAttributeValues": values(pk=keys.user_search_pk(lowered), prefix=lowered),
    }
    return table.query_page(query, scope=f"users:{lowered}", cursor=cursor, mapper=profile_from_item)


def profiles_directory(prefix: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    """Every trader by username, optionally from a prefix: one Query on GSI2."""
    lowered = prefix.lower()
    query = {"IndexName": GSI2, "Limit": limit, "ExpressionAttributeValues": values(pk=keys.TRADERS)}
    if lowered:
        query["KeyConditionExpression"] = "GSI2PK = :pk AND begins_with(GSI2SK, :prefix)"
        query["ExpressionAttributeValues"].update(values(prefix=lowered))
    else:
        query["KeyConditionExpression"] = "GSI2PK = :pk"
    return table.query_page(query, scope=f"traders:{lowered}", cursor=cursor, mapper=profile_from_item)


# --- contributions to other apps' transactions ---------------------------------------


def add_counter(
    tx: Transaction, sub: str, counter: str, delta: int, *, on_conflict: ConflictHandler | None = None
) -> None:
    """Add ``delta`` to one of the profile's counters (binder_count, trade_count) in ``tx``.

    Binders and trades count themselves in their own transactions, so /api/me's counts
    stay exact without a Query. The profile must exist (else ``ProfileRequired``).
    """
    if counter not in COUNTERS:
        raise ValueError(f"unknown profile counter {counter!r}")
    tx.add(
        actions.update(keys.profile_key(sub), "ADD #c :d", values={"d": delta}, names={"#c": counter}),
        on_conflict=on_conflict or (lambda failures: ProfileRequired()),
    )


def add_suspension(
    tx: Transaction, sub: str, *, suspended: bool, reason: str, now: str, on_conflict: ConflictHandler
) -> None:
    """Set or clear the suspension flag in ``tx``, on condition that the profile is in the other state."""
    condition = (
        "attribute_exists(PK) AND (attribute_not_exists(suspended) OR suspended = :false)"
        if suspended
        else "attribute_exists(PK) AND suspended = :true"
    )
    tx.add(
        actions.update(
            keys.profile_key(sub),
            "SET suspended = :flag, suspended_reason = :reason, suspended_at = :at, updated_at = :at",
            condition=condition,
            values={
                "flag": suspended,
                "reason": reason if suspended else "",
                "at": now,
                **({"false": False} if suspended else {"true": True}),
            },
        ),
        on_conflict=on_conflict,
    )
