"""The request user comes from verified claims alone; staff = the configured Cognito group."""

from accounts.authentication import CognitoJWTAuthentication
from accounts.tokens import verify_token
from tests.helpers import cognito_login


def test_staff_is_membership_of_the_configured_group(make_trader, settings, aws_calls):
    staff = make_trader("mod", staff=True)
    claims = verify_token(cognito_login(staff.username)["AccessToken"])
    aws_calls.clear()
    user = CognitoJWTAuthentication().get_user(claims)
    assert (user.sub, user.username, user.groups, user.is_staff) == (staff.sub, staff.username, ("staff",), True)
    assert sum(aws_calls.values()) == 0  # no database read to build the user

    settings.COGNITO_STAFF_GROUP = "admins"
    assert CognitoJWTAuthentication().get_user(claims).is_staff is False


def test_a_trader_in_no_group_is_not_staff(alice):
    claims = verify_token(cognito_login(alice.username)["AccessToken"])
    assert "cognito:groups" not in claims  # Cognito omits the claim
    user = CognitoJWTAuthentication().get_user(claims)
    assert (user.is_staff, user.groups, user.is_authenticated) == (False, (), True)
