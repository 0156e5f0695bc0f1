"""One TransactWriteItems per use case: repositories add actions, the owning repository commits.

A ``Transaction`` is the unit of work. The repository of the app that owns a use case
opens it, adds its own actions, and asks other apps' repositories to add theirs
(``accounts.repository.add_counter(tx, ...)``). Each action may name an ``on_conflict``
handler; when DynamoDB cancels the transaction on failed conditions, ``commit`` hands
each handler the failures of the actions it added and raises the domain error the
first one returns (actions are added in order of importance). Nobody outside this
module sees action positions.

The request's rider. A request may hold one extra action that must be written
together with the first change it makes: ``tradeapi.guards`` attaches the
Idempotency-Key record's "committed" update (conditioned on the request's lock
token) with ``attach_rider``. ``Transaction.commit`` appends it, with its own
``on_conflict`` handler, to the first transaction it commits while the rider is
attached, and marks it ``applied`` when that transaction succeeds; so a write and
its key's record are committed together or not at all, and a crash between the two
cannot happen. The rider lives in a ``ContextVar`` (one per request thread) and is
detached when the response is finished. A transaction already holding 100 actions
commits without it (the record is then marked when the response is stored).
"""

import random
import time
from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass

from botocore.exceptions import ClientError

from tradeapi import aws
from tradeapi.db.schema import MAX_TRANSACTION_ACTIONS
from tradeapi.exceptions import Conflict, ServiceUnavailable

# DynamoDB cancels a transaction that collides with another one in flight on the same items
# (nothing is applied); it is worth retrying a few times before answering 503.
CANCELLED_RETRIES = 3


@dataclass(frozen=True)
class Failure:
    """One action whose condition failed: the tag it was added with, and DynamoDB's reason
    (with ``Item``, the item as it stood, when the action asked for it)."""

    tag: object
    reason: dict


ConflictHandler = Callable[[list[Failure]], Exception]


class ConditionsFailed(Conflict):
    """A condition failed that no repository claimed: a bug, reported as a plain 409."""

    code = "conflict"
    message = "The change conflicts with the current state; nothing was written."


class TransactionConflict(Exception):
    """The low-level cancellation: which actions failed, by position (only Transaction reads it)."""

    def __init__(self, failed: list[int], reasons: list[dict]):
        super().__init__(f"transaction conditions failed at {failed}")
        self.failed = failed
        self.reasons = reasons


@dataclass
class Rider:
    """The action a request adds to the first transaction it commits, and whether it was."""

    action: dict
    on_conflict: ConflictHandler
    applied: bool = False


_rider: ContextVar[Rider | None] = ContextVar("transaction_rider", default=None)


def attach_rider(rider: Rider) -> Token:
    """Ride ``rider`` along the next transaction this request commits; returns the token to detach it."""
    return _rider.set(rider)


def detach_rider(token: Token) -> None:
    _rider.reset(token)


def clear_rider() -> None:
    _rider.set(None)


class Transaction:
    """Actions committed together or not at all (at most 100, each item at most once)."""

    def __init__(self) -> None:
        self._actions: list[dict] = []
        self._handlers: list[tuple[ConflictHandler | None, object]] = []

    def add(self, action: dict, *, on_conflict: ConflictHandler | None = None, tag: object = None) -> None:
        self._actions.append(action)
        self._handlers.append((on_conflict, tag))

    def include(self, other: "Transaction") -> None:
        """Append another transaction's actions (and their handlers) after this one's."""
        self._actions += other._actions
        self._handlers += other._handlers

    def __len__(self) -> int:
        return len(self._actions)

    def commit(self) -> None:
        """Run the actions atomically; a failed condition becomes its handler's domain error."""
        if not self._actions:
            return
        actions, handlers = self._actions, self._handlers
        rider = _rider.get()
        riding = rider is not None and not rider.applied and len(actions) < MAX_TRANSACTION_ACTIONS
        if riding:
            actions, handlers = [*actions, rider.action], [*handlers, (rider.on_conflict, None)]
        try:
            transact_write(actions)
        except TransactionConflict as exc:
            raise self._error(exc, handlers) from exc
        if riding:
            rider.applied = True

    @staticmethod
    def _error(exc: TransactionConflict, handlers: list) -> Exception:
        grouped: dict[ConflictHandler | None, list[Failure]] = {}
        for index in exc.failed:
            handler, tag = handlers[index]
            reason = exc.reasons[index] if index < len(exc.reasons) else {}
            grouped.setdefault(handler, []).append(Failure(tag, reason))
        for handler, failures in grouped.items():
            if handler is not None:
                return handler(failures)
        return ConditionsFailed()


def transact_write(actions: list[dict]) -> None:
    """TransactWriteItems; a cancellation caused only by concurrent transactions is retried with
    jitter, then answers 503 ``transaction_contended``; any other non-condition cancellation is an
    AWS fault (503) or a bug (500)."""
    if not 0 < len(actions) <= MAX_TRANSACTION_ACTIONS:
        raise ValueError(f"a transaction holds 1 to {MAX_TRANSACTION_ACTIONS} actions, not {len(actions)}")
    for attempt in range(CANCELLED_RETRIES + 1):
        try:
            aws.dynamodb().transact_write_items(TransactItems=actions)
            return
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = exc.response.get("CancellationReasons", [])
            failed = [i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed"]
            if failed:
                raise TransactionConflict(failed, reasons) from exc
            if not _only_concurrent_transactions(reasons):
                raise
            if attempt == CANCELLED_RETRIES:
                raise ServiceUnavailable(
                    "Busy with concurrent changes; try again.", code="transaction_contended", retry_after=1
                ) from exc
            time.sleep(random.uniform(0, 0.02 * 2**attempt))


def _only_concurrent_transactions(reasons: list[dict]) -> bool:
    codes = {r.get("Code") for r in reasons} - {None, "None"}
    return codes == {"TransactionConflict"}
