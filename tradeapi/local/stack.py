"""Create the local AWS resources (KMS key, tables, Cognito) and point Django at them.

``make run`` and the test suite both go through ``start()``: the same
emulator, the same bootstrap, the same settings.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings

from tradeapi import aws
from tradeapi.db import schema
from tradeapi.local.emulator import LOCAL_CREDENTIALS, Emulator

logger = logging.getLogger("tradeapi.local")

PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": False,
}


@dataclass
class LocalStack:
    endpoint: str
    region: str = "us-east-1"
    table: str = "tradeapi-local"
    cache_table: str = "tradeapi-cache-local"
    staff_group: str = "staff"
    kms_key_id: str | None = None
    user_pool_id: str = ""
    client_id: str = ""
    client_secret: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        # moto signs tokens with the real AWS issuer URL ...
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        # ... but serves the JWKS from itself: the two are configured separately.
        return f"{self.endpoint}/{self.user_pool_id}/.well-known/jwks.json"

    def settings(self) -> dict:
        """The Django settings that point the app at this stack."""
        return {
            "AWS_REGION": self.region,
            "AWS_ENDPOINT_URL": self.endpoint,
            "TABLE_NAME": self.table,
            "CACHE_TABLE_NAME": self.cache_table,
            "KMS_KEY_ID": self.kms_key_id,
            "COGNITO_USER_POOL_ID": self.user_pool_id,
            "COGNITO_APP_CLIENT_ID": self.client_id,
            "COGNITO_APP_CLIENT_SECRET": self.client_secret,
            "COGNITO_APP_CLIENT_IDS": [self.client_id],
            "COGNITO_ISSUER": self.issuer,
            "COGNITO_JWKS_URL": self.jwks_url,
            "COGNITO_STAFF_GROUP": self.staff_group,
        }

    def environ(self) -> dict[str, str]:
        """The same configuration as environment variables (printed by `make run`), with the emulator's
        dummy credentials."""
        return {
            **LOCAL_CREDENTIALS,
            "AWS_REGION": self.region,
            "AWS_ENDPOINT_URL": self.endpoint,
            "TRADEAPI_TABLE": self.table,
            "TRADEAPI_CACHE_TABLE": self.cache_table,
            "TRADEAPI_KMS_KEY_ID": self.kms_key_id or "",
            "COGNITO_USER_POOL_ID": self.user_pool_id,
            "COGNITO_APP_CLIENT_ID": self.client_id,
            "COGNITO_ISSUER": self.issuer,
            "COGNITO_JWKS_URL": self.jwks_url,
            "COGNITO_STAFF_GROUP": self.staff_group,
        }


def apply(stack: LocalStack) -> None:
    """Point Django (settings, AWS clients, caches of AWS-derived state) at ``stack``."""
    for name, value in stack.settings().items():
        setattr(settings, name, value)
    caches_setting = dict(settings.CACHES["default"], LOCATION=stack.cache_table)
    settings.CACHES = {**settings.CACHES, "default": caches_setting}
    aws.reset()
    from django.core.cache import caches

    # CacheHandler keeps its own copy of settings.CACHES from first use, so a cache made
    # after this (a new thread's) would still get the old table: forget that copy too.
    caches._settings = None
    caches.__dict__.pop("settings", None)
    for cache in caches.all(initialized_only=True):
        cache._table = stack.cache_table


def create_kms_key(stack: LocalStack) -> None:
    kms = aws.client("kms")
    key = kms.create_key(Description="tradeapi local table encryption", KeyUsage="ENCRYPT_DECRYPT")
    stack.kms_key_id = key["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/tradeapi-local", TargetKeyId=key["KeyMetadata"]["KeyId"])


def create_tables(stack: LocalStack) -> None:
    ddb = aws.dynamodb()
    ddb.create_table(**schema.main_table(stack.table, stack.kms_key_id))
    ddb.update_time_to_live(
        TableName=stack.table, TimeToLiveSpecification={"Enabled": True, "AttributeName": schema.MAIN_TABLE_TTL}
    )
    ddb.create_table(**schema.cache_table(stack.cache_table, stack.kms_key_id))
    ddb.update_time_to_live(
        TableName=stack.cache_table,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": schema.CACHE_TABLE_TTL},
    )


def create_cognito(stack: LocalStack) -> None:
    idp = aws.cognito()
    pool = idp.create_user_pool(
        PoolName="tradeapi-local",
        Policies={"PasswordPolicy": PASSWORD_POLICY},
        AutoVerifiedAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True}],
    )["UserPool"]
    stack.user_pool_id = pool["Id"]
    app_client = idp.create_user_pool_client(
        UserPoolId=stack.user_pool_id,
        ClientName="tradeapi-web",
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AccessTokenValidity=60,
        IdTokenValidity=60,
        RefreshTokenValidity=30,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
    )["UserPoolClient"]
    stack.client_id = app_client["ClientId"]
    idp.create_group(GroupName=stack.staff_group, UserPoolId=stack.user_pool_id, Description="Moderators")


def bootstrap(stack: LocalStack) -> LocalStack:
    """Create every AWS resource the app needs in the emulator behind ``stack``."""
    apply(stack)
    create_kms_key(stack)
    create_tables(stack)
    create_cognito(stack)
    apply(stack)
    return stack


def start(**stack_options) -> tuple[Emulator, LocalStack]:
    """Start an emulator on a free port and bootstrap it. Demo data is separate (demo.py)."""
    emulator = Emulator().start()
    stack = bootstrap(LocalStack(endpoint=emulator.endpoint, **stack_options))
    logger.info("local AWS emulator at %s, user pool %s", emulator.endpoint, stack.user_pool_id)
    return emulator, stack
