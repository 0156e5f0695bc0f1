"""Demo accounts and data for `make run`, re-created at every start (moto keeps state in memory).

The accounts are created here in the local Cognito pool; each app then adds its
own demo data through its own services (see SEEDERS).
"""

import importlib
import logging
from dataclasses import dataclass

from django.conf import settings

from tradeapi import aws

logger = logging.getLogger("tradeapi.local")

DEMO_PASSWORD = "Demo-Trader-2026"
STAFF_PASSWORD = "Demo-Staff-2026"

# Each app's demo seeder: ``seed(accounts: list[DemoAccount]) -> None``, run in this order.
SEEDERS = ["accounts.demo", "catalog.demo", "binders.demo", "trades.demo", "moderation.demo"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    email: str
    password: str
    sub: str
    is_staff: bool = False
    note: str = ""  # shown in make run's banner


DEMO_USERS = [
    ("alice", "alice@example.com", DEMO_PASSWORD, False),
    ("bob", "bob@example.com", DEMO_PASSWORD, False),
    ("carol", "carol@example.com", DEMO_PASSWORD, False),
    ("moderator", "moderator@example.com", STAFF_PASSWORD, True),
]


def create_user(username: str, email: str, password: str, *, staff: bool = False) -> DemoAccount:
    """A confirmed user in the local pool (admin calls: local tooling and tests only)."""
    idp = aws.cognito()
    pool = settings.COGNITO_USER_POOL_ID
    created = idp.admin_create_user(
        UserPoolId=pool,
        Username=username,
        MessageAction="SUPPRESS",
        TemporaryPassword=password,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
    )["User"]
    idp.admin_set_user_password(UserPoolId=pool, Username=username, Password=password, Permanent=True)
    if staff:
        idp.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=settings.COGNITO_STAFF_GROUP)
    sub = next(a["Value"] for a in created["Attributes"] if a["Name"] == "sub")
    return DemoAccount(username=username, email=email, password=password, sub=sub, is_staff=staff)


def seed() -> list[DemoAccount]:
    accounts = [create_user(u, e, p, staff=s) for u, e, p, s in DEMO_USERS]
    for module_name in SEEDERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.seed(accounts)
    return accounts
