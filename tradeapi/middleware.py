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
