"""Collection value: what one binder, or all of a trader's binders, is worth (docs/values.md).

A miss reads every entry (projected Queries, DynamoDB's 1 MB pages: over 1,000 entries each)
and today's prices of their distinct printings (⌈printings/100⌉ BatchGetItem), and caches the
answer (Django's cache, on DynamoDB) under a key naming the binder's version (every binder's, for
the whole collection), the catalog's prices stamp and the currency. Any card change bumps its
binder's version, and any price import the stamp, so a cached value is never older than either.
A hit costs the binder GetItem (the binders Query), the stamp GetItem and the cache GetItem.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from binders.domain.values import collection_value
from binders.repository import binders as binder_repo
from binders.repository import cards as card_repo
from binders.services.binders import checked_binder_id
from catalog.services import prices_of, prices_stamp, value_rules
from tradeapi import clock

BINDERS_PAGE = 100


def binder_value(*, owner_sub: str, binder_id: str, currency: str) -> dict:
    """One of the caller's binders, valued in ``currency``."""
    binder = binder_repo.binder_get(owner_sub, checked_binder_id(binder_id))
    answer = _cached(owner_sub, currency, [(binder.binder_id, binder.version)], binder_id=binder.binder_id)
    return {**answer, "binder_id": binder.binder_id}


def my_collection_value(*, owner_sub: str, currency: str) -> dict:
    """Every binder of the caller, valued in ``currency`` (the binders Query names every binder's version)."""
    versions, cursor = [], None
    while True:
        page = binder_repo.binder_list(owner_sub, cursor=cursor, limit=BINDERS_PAGE)
        versions += [(b.binder_id, b.version) for b in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    answer = _cached(owner_sub, currency, versions, binder_id=None)
    return {**answer, "binders": len(versions)}


def _cached(owner_sub: str, currency: str, versions: list[tuple[str, int]], *, binder_id: str | None) -> dict:
    stamp = prices_stamp()
    named = "|".join(f"{b}.{v}" for b, v in sorted(versions))
    digest = hashlib.sha256(f"{owner_sub}|{binder_id or '*'}|{currency}|{stamp}|{named}".encode()).hexdigest()
    key = f"value:{digest[:40]}"
    answer = cache.get(key)
    if answer is not None:
        return {**answer, "cached": True}
    answer = _computed(owner_sub, binder_id, currency)
    cache.set(key, answer, settings.COLLECTION_VALUE_CACHE_SECONDS)
    return {**answer, "cached": False}


def _computed(owner_sub: str, binder_id: str | None, currency: str) -> dict:
    entries = card_repo.holdings(owner_sub, binder_id)
    prices = prices_of(entry.scryfall_id for entry in entries)
    answer = collection_value(entries, prices, currency=currency, rules=value_rules(), now=clock.now())
    return {**answer, "computed_at": clock.now_iso()}
