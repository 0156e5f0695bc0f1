"""The default binder every trader gets with their profile (where traded cards land).

Its id is fixed (``keys.DEFAULT_BINDER_ID``), so no read is needed to find it.
``default_binder_puts`` returns TransactWriteItems actions, so the profile and
its default binder are created together or not at all.
"""

from django.conf import settings

from tradeapi.db import keys
from tradeapi.db.items import to_item

DEFAULT_BINDER_NAME = "Default"


def default_binder_puts(owner_sub: str, now: str) -> list[dict]:
    binder = {
        **keys.binder_key(owner_sub, keys.DEFAULT_BINDER_ID),
        "type": "BINDER",
        "owner_sub": owner_sub,
        "binder_id": keys.DEFAULT_BINDER_ID,
        "name": DEFAULT_BINDER_NAME,
        "description": "Cards you receive in trades land here.",
        "visibility": "private",
        "is_default": True,
        "card_count": 0,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    name_claim = {
        **keys.binder_name_claim_key(owner_sub, DEFAULT_BINDER_NAME),
        "type": "BINDERNAME",
        "binder_id": keys.DEFAULT_BINDER_ID,
    }
    return [
        {"Put": {"TableName": settings.TABLE_NAME, "Item": to_item(item), "ConditionExpression": "attribute_not_exists(PK)"}}
        for item in (binder, name_claim)
    ]
