"""A thin gateway over Cognito's user-facing API: calls in, tokens out, errors as domain errors.

Every Cognito error becomes one of the project's error categories (see
``_translate``); a Cognito that cannot be reached or is failing becomes
``ServiceUnavailable`` (503 + Retry-After). A wrong password and an unknown
username give the same error, so no response says whether a username exists.
"""

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from accounts.domain import (
    AuthChallengeRequired,
    CognitoUnavailable,
    InvalidCode,
    InvalidCredentials,
    InvalidPassword,
    InvalidRefreshToken,
    PasswordResetRequired,
    SignUpRejected,
    TooManyAttempts,
    UsernameTaken,
    UserNotConfirmed,
)
from tradeapi import aws

logger = logging.getLogger("accounts.cognito")


@dataclass(frozen=True)
class Tokens:
    access_token: str
    id_token: str
    refresh_token: str | None
    expires_in: int
    token_type: str = "Bearer"


@dataclass(frozen=True)
class SignUpResult:
    sub: str
    confirmed: bool


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """Cognito's SECRET_HASH: Base64(HMAC-SHA256(secret, username + client_id))."""
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _password_error(message: str) -> InvalidPassword:
    reason = message or InvalidPassword.message
    return InvalidPassword(reason, details={"password": [reason]})


# Cognito error code → the domain error the client sees (built from Cognito's message).
_BY_CODE = {
    "UsernameExistsException": lambda message: UsernameTaken(),
    "AliasExistsException": lambda message: UsernameTaken(
        "That email is used by another account.", code="email_exists"
    ),
    "InvalidPasswordException": _password_error,
    "UserNotConfirmedException": lambda message: UserNotConfirmed(),
    "PasswordResetRequiredException": lambda message: PasswordResetRequired(),
    "CodeMismatchException": lambda message: InvalidCode(),
    "ExpiredCodeException": lambda message: InvalidCode(),
    "TooManyRequestsException": lambda message: TooManyAttempts(),
    "LimitExceededException": lambda message: TooManyAttempts(),
    "TooManyFailedAttemptsException": lambda message: TooManyAttempts(),
    "InvalidParameterException": lambda message: SignUpRejected(message or None),
    "UserLambdaValidationException": lambda message: SignUpRejected(message or None),
}

# What "not authorized / no such user" means, by the call that got it. Never "no such user".
_NOT_AUTHORIZED_BY_CONTEXT = {
    "refresh": InvalidRefreshToken,
    "logout": lambda: InvalidCredentials("The session has already ended.", code="session_ended"),
    "confirm": InvalidCode,
    "reset": InvalidCode,
}


def _translate(exc: ClientError, context: str) -> Exception:
    """The domain error for a Cognito ClientError raised during ``context`` (login, refresh, ...)."""
    error = exc.response.get("Error", {})
    code, message = error.get("Code", ""), error.get("Message", "") or ""
    if code in ("NotAuthorizedException", "UserNotFoundException"):
        if "attempts exceeded" in message.lower():  # Cognito's lockout after repeated wrong passwords
            return TooManyAttempts()
        return _NOT_AUTHORIZED_BY_CONTEXT.get(context, InvalidCredentials)()
    build = _BY_CODE.get(code)
    if build is not None:
        return build(message)
    logger.error("Cognito %s failed: %s: %s", context, code, message)
    return CognitoUnavailable()


class CognitoGateway:
    """SignUp, ConfirmSignUp, InitiateAuth, GlobalSignOut, ForgotPassword, ConfirmForgotPassword."""

    def __init__(
        self,
        client=None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        user_pool_id: str | None = None,
    ):
        """The configured app client (and its secret), unless another ``client_id`` is given."""
        self._client = client
        if client_id is None:
            client_id, client_secret = settings.COGNITO_APP_CLIENT_ID, settings.COGNITO_APP_CLIENT_SECRET
        self.client_id = client_id
        self.client_secret = client_secret
        self.user_pool_id = user_pool_id or settings.COGNITO_USER_POOL_ID

    @property
    def client(self):
        return self._client or aws.cognito()

    @property
    def needs_username_for_refresh(self) -> bool:
        return bool(self.client_secret)

    def _secret(self, username: str) -> dict:
        if not self.client_secret:
            return {}
        return {"SecretHash": secret_hash(username, self.client_id, self.client_secret)}

    def _call(self, context: str, operation: str, **params) -> dict:
        try:
            return getattr(self.client, operation)(**params)
        except ClientError as exc:
            raise _translate(exc, context) from exc
        except BotoCoreError as exc:  # unreachable, timed out, no credentials ...
            logger.warning("Cognito %s unreachable: %s: %s", context, type(exc).__name__, exc)
            raise CognitoUnavailable() from exc

    # --- sign-up ---------------------------------------------------------------

    def sign_up(self, *, username: str, email: str, password: str) -> SignUpResult:
        result = self._call(
            "signup",
            "sign_up",
            ClientId=self.client_id,
            Username=username,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": email}],
            **self._secret(username),
        )
        return SignUpResult(sub=result["UserSub"], confirmed=bool(result.get("UserConfirmed")))

    def admin_confirm_sign_up(self, *, username: str) -> None:
        self._call("signup", "admin_confirm_sign_up", UserPoolId=self.user_pool_id, Username=username)

    def admin_delete_user(self, *, username: str) -> None:
        self._call("signup", "admin_delete_user", UserPoolId=self.user_pool_id, Username=username)

    def confirm_sign_up(self, *, username: str, code: str) -> None:
        self._call(
            "confirm",
            "confirm_sign_up",
            ClientId=self.client_id,
            Username=username,
            ConfirmationCode=code,
            **self._secret(username),
        )

    # --- tokens ----------------------------------------------------------------

    def login(self, *, username: str, password: str) -> Tokens:
        params = {"USERNAME": username, "PASSWORD": password}
        if self.client_secret:
            params["SECRET_HASH"] = secret_hash(username, self.client_id, self.client_secret)
        result = self._call(
            "login", "initiate_auth", ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params
        )
        return self._tokens(result)

    def refresh(self, *, refresh_token: str, username: str | None = None) -> Tokens:
        """New access and ID tokens; the refresh token stays the same (it is returned as given)."""
        params = {"REFRESH_TOKEN": refresh_token}
        if self.client_secret and username:
            params["SECRET_HASH"] = secret_hash(username, self.client_id, self.client_secret)
        result = self._call(
            "refresh", "initiate_auth", ClientId=self.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=params
        )
        tokens = self._tokens(result)
        if tokens.refresh_token is None:
            tokens = Tokens(tokens.access_token, tokens.id_token, refresh_token, tokens.expires_in, tokens.token_type)
        return tokens

    def global_sign_out(self, *, access_token: str) -> None:
        self._call("logout", "global_sign_out", AccessToken=access_token)

    @staticmethod
    def _tokens(result: dict) -> Tokens:
        auth = result.get("AuthenticationResult")
        if not auth:
            raise AuthChallengeRequired(details={"challenge": result.get("ChallengeName", "")})
        return Tokens(
            access_token=auth["AccessToken"],
            id_token=auth.get("IdToken", ""),
            refresh_token=auth.get("RefreshToken"),
            expires_in=int(auth.get("ExpiresIn", 3600)),
            token_type=auth.get("TokenType", "Bearer"),
        )

    # --- passwords -------------------------------------------------------------

    def forgot_password(self, *, username: str) -> None:
        """Sends a reset code. Succeeds silently for an unknown username (no enumeration)."""
        try:
            self._call(
                "forgot", "forgot_password", ClientId=self.client_id, Username=username, **self._secret(username)
            )
        except InvalidCredentials:  # UserNotFoundException / NotAuthorizedException
            logger.info("password reset requested for an unknown or disabled user")

    def confirm_forgot_password(self, *, username: str, code: str, password: str) -> None:
        self._call(
            "reset",
            "confirm_forgot_password",
            ClientId=self.client_id,
            Username=username,
            ConfirmationCode=code,
            Password=password,
            **self._secret(username),
        )
