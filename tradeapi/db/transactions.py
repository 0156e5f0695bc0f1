"""TransactWriteItems with the failed actions named, instead of one opaque error."""

from botocore.exceptions import ClientError

from tradeapi import aws


class TransactionConflict(Exception):
    """A condition in the transaction failed. ``failed`` holds the indexes of the failing actions."""

    def __init__(self, failed: list[int], reasons: list[dict]):
        super().__init__(f"transaction conditions failed at {failed}")
        self.failed = failed
        self.reasons = reasons


def transact_write(actions: list[dict]) -> None:
    """Run ``actions`` atomically; raise TransactionConflict naming the failed conditions."""
    if not 0 < len(actions) <= 100:
        raise ValueError(f"a transaction holds 1 to 100 actions, not {len(actions)}")
    try:
        aws.dynamodb().transact_write_items(TransactItems=actions)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = exc.response.get("CancellationReasons", [])
        failed = [i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed"]
        if not failed:
            raise  # cancelled for another reason (conflict with another transaction, throttling): a fault
        raise TransactionConflict(failed, reasons) from exc
