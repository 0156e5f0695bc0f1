"""Account use cases: one function each, keyword-only."""

from accounts.domain import WRITABLE_FIELDS, Profile
from accounts.repository import ProfileRepository
from tradeapi import clock
from binders.repository.default_binder import default_binder_puts


def profile_create(*, sub: str, username: str, email: str, repository: ProfileRepository | None = None) -> Profile:
    """A new trader's profile, their unique username and their default binder, in one transaction."""
    repository = repository or ProfileRepository()
    now = clock.now_iso()
    # binder_count starts at 1: the default binder is created in the same transaction.
    profile = Profile(sub=sub, username=username, email=email, created_at=now, updated_at=now, binder_count=1)
    repository.add(profile, with_items=default_binder_puts(sub, now))
    return profile


def profile_get(*, sub: str, repository: ProfileRepository | None = None) -> Profile:
    return (repository or ProfileRepository()).get(sub)


def profile_get_by_username(*, username: str, repository: ProfileRepository | None = None) -> Profile:
    repository = repository or ProfileRepository()
    return repository.get(repository.sub_for_username(username))


def profile_update(*, sub: str, changes: dict, repository: ProfileRepository | None = None) -> Profile:
    repository = repository or ProfileRepository()
    profile = repository.get(sub)
    writable = {k: v for k, v in changes.items() if k in WRITABLE_FIELDS}
    profile.with_changes(**writable)  # rejects anything else
    return repository.update(profile, writable, clock.now_iso())
