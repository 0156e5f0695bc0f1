"""Input and output shapes of the accounts API. Input serializers reject unknown fields."""

from rest_framework import serializers

from accounts.domain import CURRENCIES, USERNAME_PATTERN, WRITABLE_FIELDS
from tradeapi.api import LinkField, PageQuery, StrictSerializer

USERNAME_HELP = "3-32 characters: letters, digits, '_', '.', '-'; starting with a letter or digit."


def _password(**kwargs):
    return serializers.CharField(
        max_length=256, trim_whitespace=False, write_only=True, style={"input_type": "password"}, **kwargs
    )


def _username():
    return serializers.RegexField(
        USERNAME_PATTERN, max_length=32, help_text=USERNAME_HELP, error_messages={"invalid": USERNAME_HELP}
    )


def _existing_username():
    """A username to log in or reset with: any account's username has the sign-up format."""
    return serializers.RegexField(USERNAME_PATTERN, max_length=32, error_messages={"invalid": "Not a username."})


class SignUpIn(StrictSerializer):
    username = _username()
    email = serializers.EmailField(max_length=254)
    password = _password()


class ConfirmIn(StrictSerializer):
    username = _existing_username()
    code = serializers.CharField(max_length=64)


class LoginIn(StrictSerializer):
    username = _existing_username()
    password = _password()


class RefreshIn(StrictSerializer):
    refresh_token = serializers.CharField(max_length=8192)
    username = serializers.CharField(
        max_length=128, required=False, help_text="Needed only when the app client has a secret."
    )


class ForgotIn(StrictSerializer):
    username = _existing_username()


class ResetIn(StrictSerializer):
    username = _existing_username()
    code = serializers.CharField(max_length=64)
    password = _password()


class RefreshedTokensOut(serializers.Serializer):
    access_token = serializers.CharField()
    id_token = serializers.CharField()
    expires_in = serializers.IntegerField()
    token_type = serializers.CharField()


class TokensOut(RefreshedTokensOut):
    """A login's tokens: the refreshed set plus the refresh token itself."""

    refresh_token = serializers.CharField()


class SignUpOut(serializers.Serializer):
    sub = serializers.CharField()
    username = serializers.CharField()
    email = serializers.CharField()
    confirmed = serializers.BooleanField(help_text="False when the account still needs the emailed code.")


class ConfirmOut(serializers.Serializer):
    confirmed = serializers.BooleanField()


class DetailOut(serializers.Serializer):
    detail = serializers.CharField()


class ProfileOut(serializers.Serializer):
    url = LinkField("me", lambda profile: {})
    binders = LinkField("binder-list", lambda profile: {})
    trades = LinkField("trade-list", lambda profile: {})
    sub = serializers.CharField()
    username = serializers.CharField()
    email = serializers.CharField()
    display_name = serializers.CharField()
    bio = serializers.CharField()
    location = serializers.CharField()
    currency = serializers.CharField(help_text="The currency values are shown in: USD or EUR.")
    value = LinkField("my-value", lambda profile: {}, help_text="What your whole collection is worth.")
    binder_count = serializers.IntegerField()
    trade_count = serializers.IntegerField()
    created_at = serializers.CharField()
    updated_at = serializers.CharField()


class TraderOut(serializers.Serializer):
    """Another trader's public profile."""

    url = LinkField("trader-detail", lambda profile: {"username": profile.username})
    username = serializers.CharField()
    display_name = serializers.CharField()
    bio = serializers.CharField()
    location = serializers.CharField()
    binders = LinkField(
        "trader-binder-list", lambda profile: {"username": profile.username}, help_text="Their tradeable binders."
    )


class TraderQuery(PageQuery):
    username = serializers.CharField(required=False, allow_blank=True, max_length=32, help_text="A username prefix.")


class ProfileUpdateIn(StrictSerializer):
    """Only these are writable; username, email and sub are refused (400). Send at least one."""

    min_fields = 1

    display_name = serializers.CharField(max_length=64, allow_blank=True, required=False)
    bio = serializers.CharField(max_length=1000, allow_blank=True, required=False)
    location = serializers.CharField(max_length=100, allow_blank=True, required=False)
    currency = serializers.ChoiceField(CURRENCIES, required=False, help_text="Show values in USD or EUR.")

    def validate(self, attrs):
        assert set(attrs) <= set(WRITABLE_FIELDS)
        if not attrs:
            raise serializers.ValidationError(f"Send at least one of: {', '.join(WRITABLE_FIELDS)}.")
        return attrs
