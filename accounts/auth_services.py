"""Sign-up, confirmation, login, token refresh, logout and password reset: one function per use case."""

import logging

from django.conf import settings

from accounts.cognito import CognitoGateway, Tokens
from accounts.domain import Profile
from accounts.services import profile_create
from tradeapi.exceptions import InvalidInput

logger = logging.getLogger("accounts.auth")


def auth_signup(
    *, username: str, email: str, password: str, gateway: CognitoGateway | None = None
) -> tuple[Profile, bool]:
    """A Cognito user (confirmed at once where auto-confirm is on) and their profile.

    Returns the profile and whether the account is confirmed. If anything after
    SignUp fails, the Cognito user is deleted again, so a retry can succeed.
    """
    gateway = gateway or CognitoGateway()
    result = gateway.sign_up(username=username, email=email, password=password)
    confirmed = result.confirmed
    try:
        if settings.COGNITO_AUTO_CONFIRM and not confirmed:
            gateway.admin_confirm_sign_up(username=username)
            confirmed = True
        profile = profile_create(sub=result.sub, username=username, email=email)
    except Exception:
        _undo_sign_up(gateway, username)
        raise
    return profile, confirmed


def _undo_sign_up(gateway: CognitoGateway, username: str) -> None:
    try:
        gateway.admin_delete_user(username=username)
    except Exception:  # best effort: the original error is the one to report
        logger.exception("could not delete Cognito user %s after a failed sign-up", username)


def auth_confirm(*, username: str, code: str, gateway: CognitoGateway | None = None) -> None:
    (gateway or CognitoGateway()).confirm_sign_up(username=username, code=code)


def auth_login(*, username: str, password: str, gateway: CognitoGateway | None = None) -> Tokens:
    return (gateway or CognitoGateway()).login(username=username, password=password)


def auth_refresh(*, refresh_token: str, username: str | None = None, gateway: CognitoGateway | None = None) -> Tokens:
    """New access and ID tokens. An app client with a secret needs the username for SECRET_HASH."""
    gateway = gateway or CognitoGateway()
    if gateway.needs_username_for_refresh and not username:
        raise InvalidInput(
            "This app client has a secret: send the username with the refresh token.",
            details={"username": ["This field is required."]},
        )
    return gateway.refresh(refresh_token=refresh_token, username=username)


def auth_logout(*, access_token: str, gateway: CognitoGateway | None = None) -> None:
    """GlobalSignOut: every refresh token of the user stops working."""
    (gateway or CognitoGateway()).global_sign_out(access_token=access_token)


def password_forgot(*, username: str, gateway: CognitoGateway | None = None) -> None:
    (gateway or CognitoGateway()).forgot_password(username=username)


def password_reset(*, username: str, code: str, password: str, gateway: CognitoGateway | None = None) -> None:
    (gateway or CognitoGateway()).confirm_forgot_password(username=username, code=code, password=password)
