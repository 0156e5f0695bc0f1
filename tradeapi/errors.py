"""The one exception handler: every error becomes {"error": {"code", "message", "details"}}.

DRF calls ``exception_handler`` for exceptions raised in API views; Django's
``handler404``/``handler500`` below give paths outside DRF the same shape under
/api/ (and a plain page elsewhere). No stack trace leaves the server.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpResponse, JsonResponse
from rest_framework import exceptions as drf
from rest_framework.response import Response

from tradeapi import exceptions as app
from tradeapi.aws_faults import is_aws_fault

logger = logging.getLogger("tradeapi.errors")

STATUS_BY_CATEGORY = [
    (app.InvalidInput, 400),
    (app.Unauthenticated, 401),
    (app.Forbidden, 403),
    (app.NotFound, 404),
    (app.Conflict, 409),
    (app.PayloadTooLarge, 413),
    (app.UnprocessableContent, 422),
    (app.TooManyRequests, 429),
    (app.ServiceUnavailable, 503),
]

DRF_CODES = {
    drf.ValidationError: "invalid",
    drf.ParseError: "malformed_request",
    drf.AuthenticationFailed: "not_authenticated",
    drf.NotAuthenticated: "not_authenticated",
    drf.PermissionDenied: "forbidden",
    drf.NotFound: "not_found",
    drf.MethodNotAllowed: "method_not_allowed",
    drf.NotAcceptable: "not_acceptable",
    drf.UnsupportedMediaType: "unsupported_media_type",
    drf.Throttled: "too_many_requests",
}


def error_body(code: str, message: str, details=None) -> dict:
    return {"error": {"code": code, "message": message, "details": details if details is not None else {}}}


def status_for(exc: app.AppError) -> int:
    """The HTTP status of an application error: the one mapping, for the API and the dashboard."""
    for category, status in STATUS_BY_CATEGORY:
        if isinstance(exc, category):
            return status
    return 500


def _drf_response(exc: drf.APIException) -> Response:
    code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
    own_code = getattr(exc.detail, "code", None)  # a permission's own code, e.g. account_suspended
    if isinstance(exc, drf.PermissionDenied) and own_code and own_code != exc.default_code:
        code = own_code
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail
        if isinstance(detail, list):
            detail = {"non_field_errors": detail}
        body = error_body(code, "The request is not valid.", detail)
    else:
        body = error_body(code, str(exc.detail))
    response = Response(body, status=exc.status_code)
    if isinstance(exc, drf.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


def exception_handler(exc: Exception, context: dict) -> Response:
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):  # Django's own body limit (DATA_UPLOAD_MAX_MEMORY_SIZE)
        exc = app.PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):  # too many fields or files, a malformed multipart body
        exc = drf.ParseError("The request could not be parsed.")

    if isinstance(exc, drf.APIException):
        response = _drf_response(exc)
        if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
            header = _authenticate_header(context)
            if header:
                response["WWW-Authenticate"] = header
        return response

    if isinstance(exc, app.AppError):
        status = status_for(exc)
        response = Response(error_body(exc.code, exc.message, exc.details), status=status)
        if status == 401:
            response["WWW-Authenticate"] = _authenticate_header(context) or 'Bearer realm="api"'
        if getattr(exc, "retry_after", None) is not None:
            response["Retry-After"] = str(exc.retry_after)
        for name, value in getattr(exc, "headers", {}).items():  # e.g. a rate limit's RateLimit fields
            response[name] = value
        return response

    if is_aws_fault(exc):
        logger.warning("AWS fault: %s: %s", type(exc).__name__, exc)
        return service_unavailable_response(Response)

    logger.exception("Unhandled error", exc_info=exc)
    return Response(error_body("internal_error", "An unexpected error occurred."), status=500)


def _authenticate_header(context: dict) -> str | None:
    view = context.get("view")
    request = context.get("request")
    if view is None or request is None:
        return None
    return view.get_authenticate_header(request)


def service_unavailable_response(response_class=JsonResponse, retry_after: int = 5):
    body = error_body(app.ServiceUnavailable.code, app.ServiceUnavailable.message)
    if response_class is Response:
        response = Response(body, status=503)
    else:
        response = JsonResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    return response


# --- Django-level handlers (requests that never reach a DRF view) -----------


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return HttpResponse("<h1>Not found</h1>", status=404, content_type="text/html")


def server_error(request):
    if _wants_json(request):
        return JsonResponse(error_body("internal_error", "An unexpected error occurred."), status=500)
    return HttpResponse("<h1>Server error</h1>", status=500, content_type="text/html")


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("forbidden", "You may not do this."), status=403)
    return HttpResponse("<h1>Forbidden</h1>", status=403, content_type="text/html")


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):  # Django raised it outside a DRF view (a form post)
        if _wants_json(request):
            too_large = app.PayloadTooLarge()
            return JsonResponse(error_body(too_large.code, too_large.message), status=413)
        return HttpResponse("<h1>Request too large</h1>", status=413, content_type="text/html")
    if _wants_json(request):
        return JsonResponse(error_body("bad_request", "Bad request."), status=400)
    return HttpResponse("<h1>Bad request</h1>", status=400, content_type="text/html")
