"""Middleware that turns an AWS fault outside DRF views into a 503 with Retry-After."""

import logging

from tradeapi.aws_faults import is_aws_fault
from tradeapi.errors import service_unavailable_response

logger = logging.getLogger("tradeapi.errors")


class AwsFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_aws_fault(exception):
            logger.warning("AWS fault on %s: %s: %s", request.path, type(exception).__name__, exception)
            return service_unavailable_response()
        return None


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    - ``Cache-Control: no-store`` on every response to an authenticated request (a Bearer token
      or a logged-in session) that does not set its own, so no shared or browser cache keeps
      a trader's data;
    - ``Permissions-Policy`` turning off the browser features no page here uses.
    """

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "camera",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "payment",
            "usb",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and self._authenticated(request):
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response

    @staticmethod
    def _authenticated(request) -> bool:
        if request.META.get("HTTP_AUTHORIZATION"):
            return True
        user = getattr(request, "user", None)  # DRF sets it on the Django request once it authenticates
        return bool(getattr(user, "is_authenticated", False))
