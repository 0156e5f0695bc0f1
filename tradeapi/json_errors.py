"""Every answer under /api/ is JSON in the one error shape, DEBUG or not.

With DEBUG on, Django answers an unknown path with its HTML debug page (which lists every
URL pattern) and an error outside a DRF view with a traceback page. Under /api/ this
middleware replaces any such non-DRF error page with the error shape.
"""

from django.http import JsonResponse
from rest_framework.response import Response as DrfResponse

from tradeapi.errors import error_body

MESSAGES = {
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "Method not allowed."),
    500: ("internal_error", "An unexpected error occurred."),
}


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in MESSAGES
            and not isinstance(response, DrfResponse)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = MESSAGES[response.status_code]
            json_response = JsonResponse(error_body(code, message), status=response.status_code)
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response
