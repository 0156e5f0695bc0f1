"""Browser login state: the user's Cognito tokens kept server-side in the Django session.

The session lives in the DynamoDB cache; the cookie carries only the session id.
``session_identity`` verifies the stored access token like a Bearer token and,
when it has expired, refreshes it once with the stored refresh token.
"""

import logging

from django.conf import settings
from django.middleware.csrf import rotate_token

from accounts.auth_services import auth_logout, auth_refresh
from accounts.cognito import Tokens
from accounts.tokens import ExpiredToken, InvalidToken, verify_token
from accounts.users import CognitoUser
from tradeapi.exceptions import AppError, ServiceUnavailable

logger = logging.getLogger("accounts.session")

SESSION_KEY = "cognito_tokens"
_CACHE_ATTR = "_cognito_session_identity"
_UNSET = object()


def session_start(request, *, tokens: Tokens, username: str) -> None:
    """Log the browser in: a new session id (no fixation), the tokens in it, a new CSRF token."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "username": username,
    }
    rotate_token(request)
    if hasattr(request, _CACHE_ATTR):
        delattr(request, _CACHE_ATTR)


def session_identity(request) -> tuple[CognitoUser, dict] | None:
    """(user, claims) for the browser session of this Django request, or None. Computed once per request."""
    found = getattr(request, _CACHE_ATTR, _UNSET)
    if found is _UNSET:
        found = _resolve(request)
        setattr(request, _CACHE_ATTR, found)
    return found


def _resolve(request) -> tuple[CognitoUser, dict] | None:
    session = getattr(request, "session", None)
    stored = session.get(SESSION_KEY) if session is not None else None
    if not stored or not stored.get("access_token"):
        return None
    try:
        claims = verify_token(stored["access_token"])
    except ExpiredToken:
        claims = _refresh(request, stored)
        if claims is None:
            return None
    except InvalidToken:
        logger.info("dropping a browser session whose access token is no longer valid")
        session.flush()
        return None
    return CognitoUser.from_claims(claims, staff_group=settings.COGNITO_STAFF_GROUP), claims


def _refresh(request, stored: dict) -> dict | None:
    try:
        if not stored.get("refresh_token"):
            raise InvalidToken()
        tokens = auth_refresh(refresh_token=stored["refresh_token"], username=stored.get("username"))
        claims = verify_token(tokens.access_token)
    except ServiceUnavailable:
        raise
    except (AppError, InvalidToken) as exc:  # revoked or expired refresh token: log the browser out
        logger.info("browser session ended: refresh failed (%s)", getattr(exc, "code", type(exc).__name__))
        request.session.flush()
        return None
    request.session[SESSION_KEY] = {**stored, "access_token": tokens.access_token}
    return claims


def session_end(request) -> None:
    """Sign out of Cognito (best effort) and clear the session."""
    try:
        session_identity(request)  # refreshes an expired access token, so GlobalSignOut accepts it
    except ServiceUnavailable:
        pass
    stored = request.session.get(SESSION_KEY)
    if stored:
        try:
            auth_logout(access_token=stored["access_token"])
        except AppError as exc:  # already signed out, token expired, Cognito down: the session goes anyway
            logger.info("GlobalSignOut on logout failed: %s", exc.code)
    request.session.flush()
    setattr(request, _CACHE_ATTR, None)
