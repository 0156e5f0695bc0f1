"""Every Cognito error reaches the client as the mapped status in the one error shape; never a 500.

Produced for real by the local Cognito (moto) where it can: username exists,
password policy, wrong credentials, unconfirmed user, expired code. The rest —
a mismatched sign-up code (moto's ConfirmSignUp accepts any code), Cognito's
rate limits, Cognito failing — cannot be produced by moto, so those tests put
botocore's Stubber on a real client; "unreachable" is a real client pointed at
a port where nothing listens.
"""

import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber
from django.conf import settings
from rest_framework.test import APIClient

from accounts import auth_services
from tests.helpers import TEST_PASSWORD
from tradeapi import aws
from tradeapi.exceptions import ServiceUnavailable


def new_name() -> str:
    return f"err{uuid.uuid4().hex[:10]}"


def post(path: str, body: dict):
    return APIClient().post(path, body, format="json")


def signup(username: str, password: str = TEST_PASSWORD):
    return post("/api/auth/signup", {"username": username, "email": f"{username}@example.com", "password": password})


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    assert set(response.json()) == {"error"}
    assert response.json()["error"]["code"] == code
    return response.json()["error"]


# --- produced by the local Cognito ----------------------------------------------


def test_username_exists_is_409():
    username = new_name()
    assert signup(username).status_code == 201
    assert_error(signup(username), 409, "username_exists")
    assert_error(signup(username.upper()), 409, "username_exists")  # the pool is case-insensitive


def test_password_policy_violation_is_400_with_cognitos_reason(aws_calls):
    error = assert_error(signup(new_name(), "short"), 400, "invalid_password")
    assert "password policy" in error["message"]
    assert error["details"]["password"] == [error["message"]]
    assert aws_calls[("dynamodb", "TransactWriteItems")] == 0  # no profile written


def test_wrong_credentials_are_401_and_do_not_reveal_whether_the_user_exists(alice):
    wrong_password = post("/api/auth/login", {"username": alice.username, "password": "Wrong-Passw0rd"})
    unknown_user = post("/api/auth/login", {"username": new_name(), "password": "Wrong-Passw0rd"})
    assert_error(wrong_password, 401, "invalid_credentials")
    assert_error(unknown_user, 401, "invalid_credentials")
    assert wrong_password.json() == unknown_user.json()


def test_unconfirmed_user_is_403(settings):
    settings.COGNITO_AUTO_CONFIRM = False
    username = new_name()
    assert signup(username).status_code == 201
    assert_error(post("/api/auth/login", {"username": username, "password": TEST_PASSWORD}), 403, "user_not_confirmed")


def test_unconfirmed_user_with_a_wrong_password_is_401_not_403(settings):
    settings.COGNITO_AUTO_CONFIRM = False
    username = new_name()
    signup(username)
    assert_error(
        post("/api/auth/login", {"username": username, "password": "Wrong-Passw0rd"}), 401, "invalid_credentials"
    )


def test_expired_reset_code_is_400(alice):
    assert post("/api/auth/password/forgot", {"username": alice.username}).status_code == 202
    # moto checks codes that carry its own prefix: a wrong one gives a real ExpiredCodeException.
    response = post(
        "/api/auth/password/reset",
        {"username": alice.username, "code": "moto-confirmation-code:1", "password": "Another-Passw0rd"},
    )
    assert_error(response, 400, "invalid_code")


def test_a_made_up_refresh_token_is_401():
    assert_error(post("/api/auth/refresh", {"refresh_token": "made-up"}), 401, "invalid_refresh_token")


# --- errors moto cannot produce: botocore's Stubber on a real client ------------


@pytest.fixture
def stubbed_cognito(monkeypatch):
    client = boto3.session.Session().client(
        "cognito-idp", region_name=settings.AWS_REGION, endpoint_url=settings.AWS_ENDPOINT_URL
    )
    stubber = Stubber(client)
    monkeypatch.setattr(aws, "cognito", lambda: client)
    with stubber:
        yield stubber


LOGIN = ("/api/auth/login", {"username": "someone", "password": TEST_PASSWORD}, "initiate_auth")


@pytest.mark.parametrize(
    "cognito_code, http_status, message, status, code",
    [
        ("TooManyRequestsException", 400, "Too many requests", 429, "too_many_requests"),
        ("LimitExceededException", 400, "Attempt limit exceeded", 429, "too_many_requests"),
        ("TooManyFailedAttemptsException", 400, "Too many failed attempts", 429, "too_many_requests"),
        ("NotAuthorizedException", 400, "Password attempts exceeded", 429, "too_many_requests"),
        ("PasswordResetRequiredException", 400, "Password reset required", 403, "password_reset_required"),
        ("InternalErrorException", 500, "Internal error", 503, "identity_unavailable"),
        ("ResourceNotFoundException", 400, "User pool client does not exist", 503, "identity_unavailable"),
        ("SomethingNewException", 400, "?", 503, "identity_unavailable"),
    ],
)
def test_stubbed_login_errors(stubbed_cognito, cognito_code, http_status, message, status, code):
    path, body, operation = LOGIN
    stubbed_cognito.add_client_error(
        operation, service_error_code=cognito_code, service_message=message, http_status_code=http_status
    )
    response = post(path, body)
    error = assert_error(response, status, code)
    assert message not in error["message"] or status != 503  # internals stay on the server
    if status in (429, 503):
        assert int(response["Retry-After"]) > 0


def test_a_weak_new_password_on_reset_is_400(stubbed_cognito):
    # moto's ConfirmForgotPassword does not check the password policy.
    stubbed_cognito.add_client_error(
        "confirm_forgot_password",
        service_error_code="InvalidPasswordException",
        service_message="Password did not conform with policy: Password not long enough",
        http_status_code=400,
    )
    error = assert_error(
        post("/api/auth/password/reset", {"username": "someone", "code": "1", "password": "weak"}),
        400,
        "invalid_password",
    )
    assert error["message"] == "Password did not conform with policy: Password not long enough"


@pytest.mark.parametrize("cognito_code", ["CodeMismatchException", "ExpiredCodeException"])
def test_a_bad_or_expired_sign_up_code_is_400(stubbed_cognito, cognito_code):
    stubbed_cognito.add_client_error(
        "confirm_sign_up",
        service_error_code=cognito_code,
        service_message="Invalid verification code provided",
        http_status_code=400,
    )
    assert_error(post("/api/auth/confirm", {"username": "someone", "code": "000000"}), 400, "invalid_code")


def test_a_login_challenge_is_403(stubbed_cognito):
    stubbed_cognito.add_response(
        "initiate_auth", {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s" * 20, "ChallengeParameters": {}}
    )
    error = assert_error(post(*LOGIN[:2]), 403, "challenge_required")
    assert error["details"] == {"challenge": "SOFTWARE_TOKEN_MFA"}


def test_cognito_unreachable_is_503(monkeypatch):
    down = boto3.session.Session().client(
        "cognito-idp",
        region_name=settings.AWS_REGION,
        endpoint_url="http://127.0.0.1:9",
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=1),
    )
    monkeypatch.setattr(aws, "cognito", lambda: down)
    for path, body in [
        LOGIN[:2],
        ("/api/auth/refresh", {"refresh_token": "x"}),
        ("/api/auth/password/forgot", {"username": "someone"}),
    ]:
        response = post(path, body)
        assert_error(response, 503, "identity_unavailable")
        assert response["Retry-After"]


def test_signup_rolls_back_the_cognito_user_when_the_profile_cannot_be_written(monkeypatch):
    def fail(**kwargs):
        raise ServiceUnavailable()

    monkeypatch.setattr(auth_services, "profile_create", fail)
    username = new_name()
    assert signup(username).status_code == 503
    monkeypatch.undo()
    assert signup(username).status_code == 201  # the half-made Cognito user was deleted
