"""Binder use cases: create, list, read, change and delete binders; other traders' tradeable binders."""

import base64
import secrets

from accounts.services import profile_sub_for_username
from binders.domain.binders import (
    Binder,
    BinderChanging,
    BinderNotEmpty,
    BinderNotFound,
    DefaultBinderProtected,
    Visibility,
    is_binder_id,
)
from binders.domain.cards import EntryChanged
from binders.repository import binders as repo
from binders.repository import cards as card_repo
from binders.repository import force_delete
from tradeapi import clock
from tradeapi.paging import Page

ATTEMPTS = 8  # reads-then-writes retried this often when a concurrent writer changed what was read


def new_binder_id() -> str:
    """12 lowercase base32 characters (60 random bits)."""
    return base64.b32encode(secrets.token_bytes(8)).decode().lower()[:12]


def checked_binder_id(binder_id: str) -> str:
    """A binder id as it can exist; anything else is simply not found."""
    if not is_binder_id(binder_id):
        raise BinderNotFound()
    return binder_id


def binder_create(
    *, owner_sub: str, name: str, description: str = "", visibility: Visibility = Visibility.PRIVATE
) -> Binder:
    """A new binder with a name unique among the owner's binders (case-insensitively)."""
    now = clock.now_iso()
    binder = Binder(
        owner_sub=owner_sub,
        binder_id=new_binder_id(),
        name=name,
        description=description,
        visibility=Visibility(visibility),
        created_at=now,
        updated_at=now,
    )
    repo.binder_add(binder)
    return binder


def binder_list(*, owner_sub: str, cursor: str | None = None, limit: int = 100) -> Page:
    return repo.binder_list(owner_sub, cursor=cursor, limit=limit)


def binder_get(*, owner_sub: str, binder_id: str) -> Binder:
    return repo.binder_get(owner_sub, checked_binder_id(binder_id))


def binder_update(*, owner_sub: str, binder_id: str, changes: dict) -> Binder:
    """Change name, description or visibility; a rename keeps names unique (409 binder_name_taken)."""
    checked_binder_id(binder_id)
    for _ in range(ATTEMPTS):
        binder = repo.binder_get(owner_sub, binder_id)
        if not changes:
            return binder
        try:
            return repo.binder_update(binder, changes, clock.now_iso())
        except BinderChanging:
            continue
    raise BinderChanging()


def binder_delete(*, owner_sub: str, binder_id: str, force: bool = False) -> None:
    """Delete an empty binder, or with ``force`` the binder and every card in it.

    A binder with more cards than one transaction holds is first flagged ``deleting``
    (no card may enter it) and emptied over several transactions, card_count exact
    after each; if the process dies midway, repeating the request finishes the job.
    """
    checked_binder_id(binder_id)
    conflicts = 0
    while conflicts < ATTEMPTS:
        binder = repo.binder_get(owner_sub, binder_id)
        if binder.is_default:
            raise DefaultBinderProtected()
        if binder.card_count and not force:
            raise BinderNotEmpty()
        try:
            if not binder.card_count:
                repo.binder_delete(binder)
                return
            entries = card_repo.cards_in_binder(owner_sub, binder_id)
            if force_delete.binder_delete_with_cards(binder, entries, clock.now_iso()):
                return
        except (BinderChanging, EntryChanged):
            conflicts += 1
    raise BinderChanging()


def _trader_sub(username: str) -> str:
    return profile_sub_for_username(username=username)


def tradeable_binder_list(*, username: str, cursor: str | None, limit: int) -> Page:
    """Another trader's tradeable binders (their private ones are not listed)."""
    return repo.binder_list(_trader_sub(username), cursor=cursor, limit=limit, tradeable_only=True)


def tradeable_binder_get(*, username: str, binder_id: str) -> Binder:
    """Another trader's binder, if it is tradeable; a private one is not found."""
    binder = repo.binder_get(_trader_sub(username), checked_binder_id(binder_id))
    if binder.visibility is not Visibility.TRADEABLE:
        raise BinderNotFound()
    return binder
