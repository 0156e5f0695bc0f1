"""DRF authentication: ``Authorization: Bearer <Cognito access token>``, and browser sessions.

A readable pipeline: header → raw token → verified claims → user. No database read.
"""

from django.conf import settings
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from accounts.session_tokens import session_identity
from accounts.tokens import InvalidToken, verify_token
from accounts.users import CognitoUser


class CognitoJWTAuthentication(BaseAuthentication):
    keyword = "Bearer"
    www_authenticate_realm = "api"

    def authenticate(self, request):
        raw = self.get_raw_token(get_authorization_header(request))
        if raw is None:
            return None
        claims = self.get_validated_claims(raw)
        return self.get_user(claims), claims

    def get_raw_token(self, header: bytes) -> str | None:
        parts = header.split()
        if not parts or parts[0].decode("latin-1").lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("invalid token")
        try:
            return parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("invalid token") from None

    def get_validated_claims(self, raw: str) -> dict:
        try:
            return verify_token(raw)
        except InvalidToken as exc:
            raise AuthenticationFailed(exc.reason) from None

    def get_user(self, claims: dict) -> CognitoUser:
        return CognitoUser.from_claims(claims, staff_group=settings.COGNITO_STAFF_GROUP)

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="{self.www_authenticate_realm}"'


def bearer_token(request) -> str | None:
    """The raw token of a request's ``Authorization: Bearer`` header, if it has one."""
    try:
        return CognitoJWTAuthentication().get_raw_token(get_authorization_header(request))
    except AuthenticationFailed:
        return None


class CognitoSessionAuthentication(SessionAuthentication):
    """A browser logged in through /accounts/login/: Cognito tokens in the session, CSRF enforced.

    An expired access token is refreshed with the session's refresh token.
    """

    def authenticate(self, request):
        identity = session_identity(request._request)
        if identity is None:
            return None
        self.enforce_csrf(request)
        return identity
