"""The write guards' items: fixed-window rate counters and Idempotency-Key records.

A guarded write makes one call before its view runs (``admit``): the counter's atomic
``ADD`` (UpdateItem), the key's lock (a conditional PutItem), or both in one
TransactWriteItems; and one after it (``store`` or ``release``). Nothing here reads
first: a counter refuses past its quota by its condition, a lock refuses an existing
record by its condition and hands it back (``ReturnValuesOnConditionCheckFailure``),
so a replay costs no extra read either.

Record lifecycle (attributes): a lock (``token``, ``fingerprint``, ``lease_until``,
``ttl``) → ``committed_at``, set in the same transaction as the write
(``commit_action``, ridden along by ``tradeapi.db.transactions``) → ``response_*``, the
stored answer (``store``). A lock that never committed is deleted when the request
ends with a refusal (``release``), and may be taken over once its lease has run out.
"""

import random
import time
from dataclasses import dataclass

from botocore.exceptions import ClientError

from tradeapi import aws
from tradeapi.db import actions, keys, table
from tradeapi.db.items import from_item
from tradeapi.db.schema import TTL_ATTRIBUTE
from tradeapi.exceptions import ServiceUnavailable

CONTENTION_RETRIES = 2
NAMES = {"#ttl": TTL_ATTRIBUTE, "#token": "token", "#status": "response_status"}
# A record may be (re)locked when it is absent, expired (TTL deletion lags), or an abandoned lock.
LOCKABLE = (
    "attribute_not_exists(PK) OR #ttl < :now"
    " OR (attribute_not_exists(committed_at) AND attribute_not_exists(#status) AND lease_until < :now)"
)


@dataclass(frozen=True)
class Count:
    """Add one to a client's counter for one window of a limit, unless it has reached ``quota``."""

    limit: str
    scope: str
    ident: str
    window_start: int
    quota: int
    expires: int  # epoch seconds (the table's TTL)

    @property
    def key(self) -> dict[str, str]:
        return keys.rate_counter_key(self.limit, self.scope, self.ident, self.window_start)


@dataclass(frozen=True)
class Lock:
    """Take the record of (caller, method, route, Idempotency-Key) for one request, known by ``token``."""

    caller: str
    method: str
    route: str
    idempotency_key: str
    token: str
    fingerprint: str
    now: int
    lease_until: int
    expires: int

    @property
    def key(self) -> dict[str, str]:
        return keys.idempotency_record_key(self.caller, self.method, self.route, self.idempotency_key)


class Limited(Exception):
    """The counter is at its quota; nothing was written."""


class Held(Exception):
    """The key's record exists (and is not ours to take); ``record`` is it, as plain values."""

    def __init__(self, record: dict):
        super().__init__("idempotency record exists")
        self.record = record


class Busy(Exception):
    """A concurrent transaction is writing the key's record right now."""


def admit(count: Count | None, lock: Lock | None) -> int | None:
    """One call: spend ``count`` and take ``lock`` (either may be None), all or nothing.

    Returns the counter's new value when a lone UpdateItem could tell it, else None.
    Raises ``Held`` (the lock's condition failed; it takes precedence), ``Limited``, ``Busy``.
    """
    if count and lock:
        _transact(lock, count)
        return None
    if count:
        updated = table.update_item(_count_action(count))
        if updated is None:
            raise Limited()
        return int(updated["n"]["N"])
    if lock:
        _put_lock(lock)
    return None


def record(lock: Lock) -> dict | None:
    """The lock's record as it stands (plain values), or None."""
    found = table.get_item(lock.key)
    return _plain(found) if found else None


def commit_action(lock: Lock) -> dict:
    """The rider: mark the record committed, only while this request holds it."""
    return actions.update(
        lock.key,
        "SET committed_at = :now",
        condition="#token = :token",
        values={"now": lock.now, "token": lock.token},
        names=_names("#token"),
    )


def store(lock: Lock, now: int, response: dict | None) -> bool:
    """Record the response (``status``, ``body`` bytes, ``headers``), or with None only mark the record
    committed; False when the lock is no longer ours."""
    values = {"now": now, "token": lock.token}
    expression = "SET committed_at = if_not_exists(committed_at, :now)"
    names = _names("#token")
    if response is not None:
        expression += ", #status = :status, response_body = :body, response_headers = :headers"
        values.update(status=response["status"], body=response["body"], headers=response["headers"])
        names = _names("#token", "#status")
    update = actions.update(lock.key, expression, condition="#token = :token", values=values, names=names)
    return table.update_item(update) is not None


def release(lock: Lock) -> bool:
    """Delete our lock unless the write committed; False when there was nothing of ours to delete."""
    delete = actions.delete(
        lock.key,
        condition="#token = :token AND attribute_not_exists(committed_at)",
        values={"token": lock.token},
        names=_names("#token"),
    )["Delete"]
    client = aws.dynamodb()
    try:
        client.delete_item(**delete)
        return True
    except client.exceptions.ConditionalCheckFailedException:
        return False


# --- actions ---------------------------------------------------------------------


def _names(*used: str) -> dict[str, str]:
    return {name: NAMES[name] for name in used}


def _count_action(count: Count) -> dict:
    return actions.update(
        count.key,
        "ADD n :one SET #ttl = if_not_exists(#ttl, :expires)",
        condition="attribute_not_exists(n) OR n < :quota",
        values={"one": 1, "expires": count.expires, "quota": count.quota},
        names={"#ttl": TTL_ATTRIBUTE},
    )


def _lock_action(lock: Lock) -> dict:
    item = {
        **lock.key,
        "token": lock.token,
        "fingerprint": lock.fingerprint,
        "lease_until": lock.lease_until,
        TTL_ATTRIBUTE: lock.expires,
    }
    return actions.put(
        item, condition=LOCKABLE, values={"now": lock.now}, names=_names("#ttl", "#status"), return_old_on_failure=True
    )


def _put_lock(lock: Lock) -> None:
    client = aws.dynamodb()
    try:
        client.put_item(**_lock_action(lock)["Put"])
    except client.exceptions.ConditionalCheckFailedException as exc:
        raise Held(_held(exc.response.get("Item"), lock)) from exc


def _transact(lock: Lock, count: Count) -> None:
    items = [_lock_action(lock), _count_action(count)]
    for attempt in range(CONTENTION_RETRIES + 1):
        try:
            aws.dynamodb().transact_write_items(TransactItems=items)
            return
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = exc.response.get("CancellationReasons") or [{}, {}]
            codes = [reason.get("Code") for reason in reasons]
            if codes[0] == "ConditionalCheckFailed":
                raise Held(_held(reasons[0].get("Item"), lock)) from exc
            if codes[1] == "ConditionalCheckFailed":
                raise Limited() from exc
            if codes[0] == "TransactionConflict":  # another request with this key, being admitted now
                raise Busy() from exc
            if "TransactionConflict" not in codes:
                raise
            if attempt == CONTENTION_RETRIES:
                raise ServiceUnavailable(
                    "Busy with concurrent changes; try again.", code="transaction_contended", retry_after=1
                ) from exc
            time.sleep(random.uniform(0, 0.02 * 2**attempt))


def _held(item: dict | None, lock: Lock) -> dict:
    if item:
        return _plain(item)
    return record(lock) or {}  # not handed back (an emulator): read it, on this path only


def _plain(item: dict) -> dict:
    found = from_item(item)
    body = found.get("response_body")
    if body is not None and not isinstance(body, bytes):
        found["response_body"] = bytes(getattr(body, "value", body))
    return found
