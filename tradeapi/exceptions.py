"""Application error categories. They carry a code and a message, never HTTP.

Apps subclass a category for each domain error (``class TradeNotFound(NotFound)``);
``tradeapi.errors`` maps the categories to status codes and the one error shape.
"""


class AppError(Exception):
    code = "error"
    message = "Something went wrong."

    def __init__(self, message: str | None = None, *, code: str | None = None, details=None):
        self.message = message or self.message
        if code:
            self.code = code
        self.details = details
        super().__init__(self.message)


class InvalidInput(AppError):
    code = "invalid"
    message = "The request is not valid."


class Unauthenticated(AppError):
    code = "not_authenticated"
    message = "Authentication credentials were not provided or are not valid."


class Forbidden(AppError):
    code = "forbidden"
    message = "You may not do this."


class NotFound(AppError):
    code = "not_found"
    message = "Not found."


class Conflict(AppError):
    code = "conflict"
    message = "The request conflicts with the current state."


class PayloadTooLarge(AppError):
    code = "request_too_large"
    message = "The request body is too large."


class UnprocessableContent(AppError):
    code = "unprocessable"
    message = "The request is well-formed but cannot be processed."


class TooManyRequests(AppError):
    code = "too_many_requests"
    message = "Too many requests; slow down."

    def __init__(self, message: str | None = None, *, retry_after: int = 5, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServiceUnavailable(AppError):
    code = "service_unavailable"
    message = "A backing service is unavailable; try again shortly."

    def __init__(self, message: str | None = None, *, retry_after: int = 5, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"
    message = "The pagination cursor is not valid."
