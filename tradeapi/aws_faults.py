"""Which botocore exceptions mean "AWS is failing" (→ 503) rather than a bug (→ 500)."""

from botocore.exceptions import BotoCoreError, ClientError

# Error codes AWS returns when the service, not the request, is at fault.
TRANSIENT_CODES = {
    "InternalServerError",
    "InternalFailure",
    "InternalErrorException",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "ThrottlingException",
    "Throttling",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "LimitExceededException",
    "TooManyRequestsException",
    "TransactionInProgressException",
    # Cancelled for a reason other than a failed condition (a concurrent transaction on the same
    # items, throttling): transact_write turns condition failures into TransactionConflict first.
    "TransactionCanceledException",
    "TransactionConflictException",
    "KMSInternalException",
    "KMSInvalidStateException",
    "KMSDisabledException",
    "KMSAccessDeniedException",
    "KMSNotFoundException",
    "ResourceNotFoundException",
}


def is_aws_fault(exc: BaseException) -> bool:
    """True when ``exc`` is AWS being unreachable, slow, throttling or failing."""
    if isinstance(exc, BotoCoreError):
        # EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, NoCredentialsError ...
        return True
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return error.get("Code") in TRANSIENT_CODES or status >= 500
    return False
