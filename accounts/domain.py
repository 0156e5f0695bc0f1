"""Trader profiles: plain data and domain errors (no Django, no boto3)."""

import re
from dataclasses import dataclass, replace

from tradeapi.db.keys import USERNAME_PATTERN
from tradeapi.exceptions import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
    Unauthenticated,
)

WRITABLE_FIELDS = ("display_name", "bio", "location", "currency")
CURRENCIES = ("USD", "EUR")  # what values are shown in (catalog.values.CURRENCIES)
DEFAULT_CURRENCY = "USD"


def is_username(text: str | None) -> bool:
    """Whether ``text`` has the sign-up format every username has (anything else names no one)."""
    return re.fullmatch(USERNAME_PATTERN, text or "") is not None


@dataclass(frozen=True)
class Profile:
    sub: str
    username: str
    email: str
    display_name: str = ""
    bio: str = ""
    location: str = ""
    created_at: str = ""
    updated_at: str = ""
    suspended: bool = False
    suspended_reason: str = ""
    currency: str = DEFAULT_CURRENCY  # values are shown in it; profiles from before it read as USD
    # Kept exact by the transactions that create/delete binders and trades (repository.add_counter).
    binder_count: int = 0
    trade_count: int = 0

    def with_counters(self, **counts: int) -> "Profile":
        return replace(self, **counts)

    def with_changes(self, **changes) -> "Profile":
        unknown = set(changes) - set(WRITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not writable: {sorted(unknown)}")
        return replace(self, **changes)


class UsernameTaken(Conflict):
    code = "username_exists"
    message = "That username is taken."


class ProfileExists(Conflict):
    code = "profile_exists"
    message = "This account already has a profile."


class ProfileRequired(Conflict):
    code = "profile_required"
    message = "Create your profile first."


class ProfileNotFound(NotFound):
    code = "profile_not_found"
    message = "No such trader."


# --- sign-up and login (Cognito's answers, as the client sees them) -------------


class InvalidPassword(InvalidInput):
    code = "invalid_password"
    message = "The password does not meet the password policy."


class SignUpRejected(InvalidInput):
    code = "invalid"
    message = "The identity provider rejected the request."


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"
    message = "Incorrect username or password."


class InvalidRefreshToken(Unauthenticated):
    code = "invalid_refresh_token"
    message = "The refresh token is not valid, has expired or was revoked."


class UserNotConfirmed(Forbidden):
    code = "user_not_confirmed"
    message = "The account is not confirmed yet; confirm it with the code that was sent."


class PasswordResetRequired(Forbidden):
    code = "password_reset_required"
    message = "The password must be reset before logging in."


class AuthChallengeRequired(Forbidden):
    code = "challenge_required"
    message = "The identity provider requires a further step (MFA or a new password) this API does not support."


class InvalidCode(InvalidInput):
    code = "invalid_code"
    message = "The code is wrong or has expired; request a new one."


class TooManyAttempts(TooManyRequests):
    code = "too_many_requests"
    message = "Too many attempts; wait a little and try again."


class CognitoUnavailable(ServiceUnavailable):
    code = "identity_unavailable"
    message = "The identity provider is unavailable; try again shortly."


class AccountSuspended(Forbidden):
    code = "account_suspended"
    message = "This account is suspended."
