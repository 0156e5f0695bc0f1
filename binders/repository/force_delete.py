"""Force delete: a binder with its card entries, in as few transactions as DynamoDB allows."""

from binders.domain.binders import Binder
from binders.domain.cards import CardEntry
from binders.repository.binders import add_binder_delete, add_card_count, binder_mark_deleting
from binders.repository.cards import binder_changing, entry_changed, entry_delete
from tradeapi.db.schema import MAX_TRANSACTION_ACTIONS
from tradeapi.db.transactions import Transaction

DELETES_PER_TRANSACTION = MAX_TRANSACTION_ACTIONS - 1  # card deletes + the binder's card_count update
DELETES_WITH_BINDER = MAX_TRANSACTION_ACTIONS - 3  # card deletes + binder, name claim, profile counter


def _add_entry_deletes(tx: Transaction, entries: list[CardEntry], *, on_conflict) -> None:
    for entry in entries:
        tx.add(entry_delete(entry), on_conflict=on_conflict)


def binder_delete_with_cards(binder: Binder, entries: list[CardEntry], now: str) -> bool:
    """Delete a binder (as read) with its entries (as read); True when it is gone.

    Up to DELETES_WITH_BINDER entries go in the binder's own transaction. Beyond that the
    binder is first flagged ``deleting`` (no card may enter it), the surplus entries are
    deleted DELETES_PER_TRANSACTION per transaction, each with its card_count update, and
    this returns False: the caller reads again and calls once more. BinderChanging when the
    binder changed meanwhile; EntryChanged when an entry did.
    """
    if len(entries) <= DELETES_WITH_BINDER:
        tx = Transaction()
        _add_entry_deletes(tx, entries, on_conflict=binder_changing)
        add_binder_delete(tx, binder, require_empty=False, on_conflict=binder_changing)
        tx.commit()
        return True
    if not binder.deleting:
        binder_mark_deleting(binder, now)
    surplus = entries[: len(entries) - DELETES_WITH_BINDER]
    for start in range(0, len(surplus), DELETES_PER_TRANSACTION):
        chunk = surplus[start : start + DELETES_PER_TRANSACTION]
        tx = Transaction()
        _add_entry_deletes(tx, chunk, on_conflict=entry_changed)
        add_card_count(
            tx, binder.owner_sub, binder.binder_id, -sum(e.quantity for e in chunk), now, on_conflict=entry_changed
        )
        tx.commit()
    return False
