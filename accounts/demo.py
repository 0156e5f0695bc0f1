"""Demo profiles for `make run` (each with its default binder)."""

from accounts.services import profile_create


def seed(accounts) -> None:
    for account in accounts:
        profile_create(sub=account.sub, username=account.username, email=account.email)
