"""Account use cases: one function each, keyword-only."""

from accounts import repository
from accounts.domain import WRITABLE_FIELDS, Profile, ProfileNotFound, is_username
from tradeapi import clock

_starters: list = []


def on_profile_create(starter) -> None:
    """Register what every new profile starts with (``repository.ProfileStarter``).

    Apps above accounts register here from their AppConfig.ready(), e.g. binders adds
    the default binder, so the dependency points from them to accounts, never back.
    """
    if starter not in _starters:
        _starters.append(starter)


def profile_create(*, sub: str, username: str, email: str) -> Profile:
    """A new trader's profile, their unique username and what they start with, in one transaction."""
    now = clock.now_iso()
    profile = Profile(sub=sub, username=username, email=email, created_at=now, updated_at=now)
    return repository.profile_add(profile, starters=_starters, now=now)


def profile_get(*, sub: str) -> Profile:
    return repository.profile_get(sub)


def profile_get_by_username(*, username: str) -> Profile:
    return repository.profile_get(profile_sub_for_username(username=username))


def profile_sub_for_username(*, username: str) -> str:
    """The trader's id for a username (one GetItem of the username claim); ProfileNotFound if none."""
    if not is_username(username):
        raise ProfileNotFound()  # never a key DynamoDB would refuse (a 2 KB path segment)
    return repository.profile_sub_for_username(username)


def profile_is_suspended(*, sub: str) -> bool:
    return repository.profile_is_suspended(sub)


def profile_flags(*, sub: str) -> tuple[bool, str]:
    """(suspended, currency) of a trader (one projected GetItem)."""
    return repository.profile_flags(sub)


def profile_search(*, prefix: str, cursor: str | None = None, limit: int = 50):
    """Profiles whose username starts with ``prefix``, in order (one Query)."""
    return repository.profiles_by_prefix(prefix, cursor=cursor, limit=limit)


def profile_directory(*, prefix: str = "", cursor: str | None = None, limit: int = 50):
    """Traders by username (optionally from a prefix), for /api/traders/ (one Query)."""
    return repository.profiles_directory(prefix, cursor=cursor, limit=limit)


def profile_update(*, sub: str, changes: dict) -> Profile:
    profile = repository.profile_get(sub)
    writable = {k: v for k, v in changes.items() if k in WRITABLE_FIELDS}
    profile.with_changes(**writable)  # rejects anything else
    return repository.profile_update(sub, writable, clock.now_iso())
