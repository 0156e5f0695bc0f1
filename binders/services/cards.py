"""Card entry use cases: add (merging), read, list, search, change, remove and move between binders."""

from binders.domain.binders import Binder, BinderBeingDeleted, BinderChanging, BinderRefused
from binders.domain.cards import (
    IDENTITY_FIELDS,
    CardEntry,
    CardNotFound,
    CardsChanging,
    Condition,
    EntryChanged,
    Finish,
    IdentityChange,
    InsufficientQuantity,
    Printing,
    PrintingMismatch,
    SameBinder,
    binder_of_card_id,
    check_quantity,
)
from binders.repository import binders as binder_repo
from binders.repository import cards as repo
from binders.repository import transfers
from binders.services.binders import ATTEMPTS, checked_binder_id, tradeable_binder_get
from catalog.domain import FinishNotAvailable, UnknownPrinting, normalize_name
from catalog.services import printing_resolve
from tradeapi import clock
from tradeapi.paging import Page

MOVE_ATTEMPTS = 25  # each failed attempt means another writer took from the entry first


def checked_card_id(binder_id: str, card_id: str) -> str:
    """A card id that can exist in this binder; anything else is simply not found."""
    if binder_of_card_id(card_id) != binder_id:
        raise CardNotFound()
    return card_id


def _binder_refused(owner_sub: str, binder_id: str) -> Exception:
    """Why a binder refused cards: it is missing (404) or being force-deleted (409)."""
    binder = binder_repo.binder_get(owner_sub, binder_id)  # raises BinderNotFound
    return BinderBeingDeleted() if binder.deleting else BinderChanging()


def printing_named(
    *,
    scryfall_id: str | None = None,
    set_code: str | None = None,
    collector_number: str | None = None,
    language: str | None = None,
    name: str | None = None,
    finish: Finish | str | None = None,
    condition: Condition | str = Condition.NM,
) -> Printing:
    """The printing a trader names, from the catalog: by ``scryfall_id``, or by ``set_code`` +
    ``collector_number`` (+ ``language``, default English). Name, oracle id, rarity and image come
    from the catalog; ``name``, ``set_code`` and ``collector_number`` given beside a Scryfall id
    must agree with it. ``finish`` defaults to the printing's first (non-foil where there is one).

    UnknownPrinting when the catalog has no such printing; PrintingMismatch when the details
    disagree; FinishNotAvailable when the printing is not made in ``finish``.
    """
    found, language = printing_resolve(
        scryfall_id=scryfall_id, set_code=set_code, collector_number=collector_number, language=language
    )
    mismatched = {}
    if scryfall_id and set_code and set_code.upper() != found.set_code:
        mismatched["set_code"] = [f"That printing is in {found.set_code}."]
    if scryfall_id and collector_number and collector_number.lower() != found.collector_number.lower():
        mismatched["collector_number"] = [f"That printing is number {found.collector_number}."]
    if name and normalize_name(name) not in {normalize_name(found.name), normalize_name(found.name.split(" // ")[0])}:
        mismatched["name"] = [f"{found.set_code} {found.collector_number} is {found.name}."]
    if mismatched:
        raise PrintingMismatch(details=mismatched)
    finish = Finish(finish or found.finishes[0])
    found.check_finish(finish.value)
    return Printing(
        name=found.name,
        set_code=found.set_code,
        collector_number=found.collector_number,
        finish=finish,
        condition=Condition(condition),
        language=language,
        scryfall_id=found.scryfall_id,
        oracle_id=found.oracle_id,
        rarity=found.rarity,
        image=found.image,
    )


def card_add(*, owner_sub: str, binder_id: str, quantity: int, notes: str = "", **named) -> tuple[CardEntry, bool]:
    """Add copies of a catalog printing (``named`` as ``printing_named`` takes it) to a binder; an
    identical entry (same printing, finish, condition, language) grows instead of a second one
    appearing. Returns the entry and whether it is new."""
    checked_binder_id(binder_id)
    check_quantity(quantity)
    printing = printing_named(**named)
    now = clock.now_iso()
    try:
        card_id = repo.card_add(owner_sub, binder_id, printing, quantity, notes, now)
    except BinderRefused as exc:
        raise _binder_refused(owner_sub, binder_id) from exc
    entry = repo.card_get(owner_sub, card_id)
    return entry, entry.created_at == now


def card_get(*, owner_sub: str, binder_id: str, card_id: str) -> CardEntry:
    checked_binder_id(binder_id)
    return repo.card_get(owner_sub, checked_card_id(binder_id, card_id))


def card_list(*, owner_sub: str, binder_id: str, cursor: str | None, limit: int) -> Page:
    """A page of one of the caller's binders. A first page with no entries checks that the binder exists."""
    checked_binder_id(binder_id)
    page = repo.card_page(owner_sub, binder_id=binder_id, cursor=cursor, limit=limit)
    if not page.items and not cursor:
        binder_repo.binder_get(owner_sub, binder_id)
    return page


def card_search(
    *,
    owner_sub: str,
    cursor: str | None,
    limit: int,
    name: str | None = None,
    set_code: str | None = None,
    binder_id: str | None = None,
) -> Page:
    """The caller's entries by name prefix (normalized), set code and/or binder."""
    if binder_id is not None:
        checked_binder_id(binder_id)
    return repo.card_page(
        owner_sub, cursor=cursor, limit=limit, binder_id=binder_id, set_code=set_code, name_prefix=name
    )


def tradeable_card_list(*, username: str, binder_id: str, cursor: str | None, limit: int) -> Page:
    """A page of another trader's tradeable binder; private binders are not found."""
    binder = tradeable_binder_get(username=username, binder_id=binder_id)
    return repo.card_page(binder.owner_sub, binder_id=binder_id, cursor=cursor, limit=limit)


def tradeable_card_get(*, username: str, binder_id: str, card_id: str) -> CardEntry:
    """One entry of another trader's tradeable binder; in a private binder it is not found."""
    binder = tradeable_binder_get(username=username, binder_id=binder_id)
    return repo.card_get(binder.owner_sub, checked_card_id(binder_id, card_id))


def _identity_changes(entry: CardEntry, changes: dict) -> dict:
    """The identity fields ``changes`` would really change (sending the current value back is fine)."""
    changed = {}
    for name in IDENTITY_FIELDS:
        if name not in changes:
            continue
        current, wanted = getattr(entry, name), changes[name]
        current = getattr(current, "value", current)
        wanted = getattr(wanted, "value", wanted)
        if str(current).lower() != str(wanted).lower():
            changed[name] = ["Identifies the entry; cannot be changed. Add the new printing instead."]
    return changed


def card_update(*, owner_sub: str, binder_id: str, card_id: str, changes: dict) -> CardEntry:
    """Change quantity (card_count follows) or notes. Identity fields cannot change."""
    checked_card_id(checked_binder_id(binder_id), card_id)
    for _ in range(ATTEMPTS):
        entry = repo.card_get(owner_sub, card_id)
        refused = _identity_changes(entry, changes)
        if refused:
            raise IdentityChange(details=refused)
        writable = {k: v for k, v in changes.items() if k not in IDENTITY_FIELDS}
        if not writable:
            return entry
        try:
            return repo.card_update(entry, writable, clock.now_iso())
        except EntryChanged:
            continue
    raise CardsChanging()


def card_remove(*, owner_sub: str, binder_id: str, card_id: str) -> None:
    """Delete an entry, taking its quantity off the binder's card_count."""
    checked_card_id(checked_binder_id(binder_id), card_id)
    for _ in range(ATTEMPTS):
        entry = repo.card_get(owner_sub, card_id)
        try:
            repo.card_remove(entry, clock.now_iso())
            return
        except EntryChanged:
            continue
    raise CardsChanging()


def card_move(
    *, owner_sub: str, binder_id: str, card_id: str, to_binder_id: str, quantity: int | None = None
) -> tuple[CardEntry | None, CardEntry]:
    """Move some or all copies of an entry to another of the caller's binders, merging there, atomically.

    Returns the source entry afterwards (None when all of it moved) and the destination entry.
    """
    checked_card_id(checked_binder_id(binder_id), card_id)
    if to_binder_id == binder_id:
        raise SameBinder(details={"to_binder_id": ["The card is already in that binder."]})
    checked_binder_id(to_binder_id)
    for _ in range(MOVE_ATTEMPTS):
        entry = repo.card_get(owner_sub, card_id)
        moving = entry.quantity if quantity is None else quantity
        if moving > entry.quantity:
            raise InsufficientQuantity(details={"quantity": [f"The entry holds {entry.quantity}."]})
        try:
            to_card_id = repo.card_move(entry, to_binder_id, moving, clock.now_iso())
            break
        except BinderRefused as exc:
            raise _binder_refused(owner_sub, to_binder_id) from exc
        except EntryChanged:
            continue
    else:
        raise CardsChanging()
    found = repo.cards_get_many(owner_sub, [card_id, to_card_id])
    if to_card_id not in found:  # moved on again already by a concurrent request
        raise CardNotFound()
    return found.get(card_id), found[to_card_id]


def cards_for_trade(
    *, entries: list[tuple[str, str]], binders: list[tuple[str, str]] = ()
) -> tuple[dict[tuple[str, str], CardEntry], dict[tuple[str, str], Binder]]:
    """The card entries {(owner_sub, card_id): CardEntry} and binders {(owner_sub, binder_id): Binder}
    a trade checks, those that exist, as they are now (one strongly consistent BatchGetItem)."""
    return transfers.entries_and_binders(entries, binders)


def cards_link_to_catalog(*, dry_run: bool = False) -> tuple[list[CardEntry], list[tuple[CardEntry, str]]]:
    """Link every entry made before the catalog to its printing, by set + number + language (the
    English printing when the catalog has no other). Returns (linked, [(unmatched, why)]).
    Offline: it scans the table."""
    linked, unmatched = [], []
    now = clock.now_iso()
    for entry in repo.unlinked_entries():
        try:
            printing = printing_named(
                set_code=entry.set_code,
                collector_number=entry.collector_number,
                language=entry.language,
                finish=entry.finish,
                condition=entry.condition,
            )
        except (UnknownPrinting, FinishNotAvailable) as exc:
            unmatched.append((entry, exc.message))
            continue
        if dry_run or repo.card_link(entry, printing, now):
            linked.append(entry)
    return linked, unmatched
