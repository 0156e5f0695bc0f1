"""TransactWriteItems with the failed actions named, instead of one opaque error."""

import random
import time

from botocore.exceptions import ClientError

from tradeapi import aws
from tradeapi.exceptions import ServiceUnavailable

# DynamoDB cancels a transaction that collides with another one in flight on the same items
# (nothing is applied); it is worth retrying a few times before answering 503.
CANCELLED_RETRIES = 3


class TransactionConflict(Exception):
    """A condition in the transaction failed. ``failed`` holds the indexes of the failing actions."""

    def __init__(self, failed: list[int], reasons: list[dict]):
        super().__init__(f"transaction conditions failed at {failed}")
        self.failed = failed
        self.reasons = reasons


def transact_write(actions: list[dict]) -> None:
    """Run ``actions`` atomically; raise TransactionConflict naming the failed conditions.

    A cancellation caused only by concurrent transactions is retried with jitter, then
    answers 503 ``transaction_contended``; any other cancellation is an AWS fault (503).
    """
    if not 0 < len(actions) <= 100:
        raise ValueError(f"a transaction holds 1 to 100 actions, not {len(actions)}")
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
                raise  # throttling, validation...: a fault (503) or a bug (500), not ours to retry
            if attempt == CANCELLED_RETRIES:
                raise ServiceUnavailable("Busy with concurrent changes; try again.",
                                         code="transaction_contended", retry_after=1) from exc
            time.sleep(random.uniform(0, 0.02 * 2 ** attempt))


def _only_concurrent_transactions(reasons: list[dict]) -> bool:
    codes = {r.get("Code") for r in reasons} - {None, "None"}
    return codes == {"TransactionConflict"}
