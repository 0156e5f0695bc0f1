"""Input and output shapes of the accounts API. Input serializers reject unknown fields."""

from rest_framework import serializers

from accounts.domain import WRITABLE_FIELDS
from tradeapi.api import StrictSerializer

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$"
USERNAME_HELP = "3-32 characters: letters, digits, '_', '.', '-'; starting with a letter or digit."


def _password(**kwargs):
    return serializers.CharField(
        max_length=256, trim_whitespace=False, write_only=True, style={"input_type": "password"}, **kwargs
    )


def _username():
    return serializers.RegexField(
        USERNAME_PATTERN, max_length=32, help_text=USERNAME_HELP, error_messages={"invalid": USERNAME_HELP}
    )


class SignUpIn(StrictSerializer):
    username = _username()
    email = serializers.EmailField(max_length=254)
    password = _password()


class ConfirmIn(StrictSerializer):
    username = serializers.CharField(max_length=128)
    code = serializers.CharField(max_length=64)


class LoginIn(StrictSerializer):
    username = serializers.CharField(max_length=128)
    password = _password()


class RefreshIn(StrictSerializer):
    refresh_token = serializers.CharField(max_length=8192)
    username = serializers.CharField(
        max_length=128, required=False, help_text="Needed only when the app client has a secret."
    )


class ForgotIn(StrictSerializer):
    username = serializers.CharField(max_length=128)


class ResetIn(StrictSerializer):
    username = serializers.CharField(max_length=128)
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


class ProfileOut(serializers.Serializer):
    sub = serializers.CharField()
    username = serializers.CharField()
    email = serializers.CharField()
    display_name = serializers.CharField()
    bio = serializers.CharField()
    location = serializers.CharField()
    binder_count = serializers.IntegerField()
    trade_count = serializers.IntegerField()
    created_at = serializers.CharField()
    updated_at = serializers.CharField()


class ProfileUpdateIn(StrictSerializer):
    """Only these are writable; username, email and sub are refused (400)."""

    display_name = serializers.CharField(max_length=64, allow_blank=True, required=False)
    bio = serializers.CharField(max_length=1000, allow_blank=True, required=False)
    location = serializers.CharField(max_length=100, allow_blank=True, required=False)

    def validate(self, attrs):
        assert set(attrs) <= set(WRITABLE_FIELDS)
        if not attrs:
            raise serializers.ValidationError(f"Send at least one of: {', '.join(WRITABLE_FIELDS)}.")
        return attrs
