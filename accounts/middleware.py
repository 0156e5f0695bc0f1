"""``request.user`` for plain Django views (the staff dashboard): the Cognito user of the browser session."""

from django.utils.functional import SimpleLazyObject

from accounts.session_tokens import session_identity
from accounts.users import AnonymousTrader
from tradeapi.errors import service_unavailable_response
from tradeapi.exceptions import ServiceUnavailable


def session_user(request):
    identity = session_identity(request)
    return identity[0] if identity else AnonymousTrader()


class SessionUserMiddleware:
    """Sets a lazy ``request.user`` (no work unless a view looks). Goes after Session and Csrf middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: session_user(request))
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Cognito or the JWKS unreachable while refreshing a browser session's token.
        if isinstance(exception, ServiceUnavailable):
            return service_unavailable_response(retry_after=exception.retry_after)
        return None
