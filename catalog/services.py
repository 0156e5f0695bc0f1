"""Catalog use cases: look a printing up, resolve what a trader names, search, list a set or a card's printings."""

from catalog import repository as repo
from catalog.domain import (
    CardSet,
    CatalogPrinting,
    CatalogQueryNeeded,
    PrintingNotFound,
    UnknownPrinting,
    normalize_name,
    valid_scryfall_id,
)
from tradeapi.paging import Page

ENGLISH = "en"


def printing_get(scryfall_id: str) -> CatalogPrinting:
    """One printing by Scryfall id (1 GetItem); PrintingNotFound for an unknown or malformed id."""
    valid = valid_scryfall_id(scryfall_id)
    printing = repo.printing_get(valid) if valid else None
    if printing is None:
        raise PrintingNotFound()
    return printing


def printing_resolve(
    *,
    scryfall_id: str | None = None,
    set_code: str | None = None,
    collector_number: str | None = None,
    language: str | None = None,
) -> tuple[CatalogPrinting, str]:
    """What a trader names → (the catalog printing, the language of their copy). 1 GetItem, 2 at most.

    By ``scryfall_id``: that printing; the copy's language is ``language`` or the printing's. By
    ``set_code`` + ``collector_number`` (+ ``language``, default English): the printing in that
    language; when the catalog holds only the English printing (Scryfall's default_cards has English
    or the only language), that one, keeping the copy's language. UnknownPrinting otherwise.
    """
    if scryfall_id:
        valid = valid_scryfall_id(scryfall_id)
        printing = repo.printing_get(valid) if valid else None
        if printing is None:
            raise UnknownPrinting(
                f"The catalog has no printing with Scryfall id {scryfall_id}.",
                details={"scryfall_id": ["No such printing in the catalog."]},
            )
        return printing, (language or printing.lang).lower()
    language = (language or ENGLISH).lower()
    printing = repo.printing_at(set_code, collector_number, language)
    if printing is None and language != ENGLISH:
        printing = repo.printing_at(set_code, collector_number, ENGLISH)
    if printing is None:
        raise UnknownPrinting(
            f"The catalog has no printing {set_code.upper()} {collector_number} ({language}).",
            details={"collector_number": [f"No printing {collector_number} in set {set_code.upper()}."]},
        )
    return printing, language


def printings_get_many(scryfall_ids) -> dict[str, CatalogPrinting]:
    return repo.printings_get_many(sorted({i for i in scryfall_ids if i}))


def printing_search(
    *, q: str | None = None, set_code: str | None = None, lang: str | None = None, cursor: str | None, limit: int
) -> Page:
    """By name prefix (``q``, normalized: accents and case folded), optionally within a set and a
    language; or a whole set, in collector-number order. One Query per page."""
    prefix = normalize_name(q) if q else ""
    if q and not prefix:
        raise CatalogQueryNeeded(
            "q has no letters or digits to search for.", details={"q": ["Give the start of a card name."]}
        )
    if prefix:
        return repo.search_page(prefix, set_code=set_code, lang=lang, cursor=cursor, limit=limit)
    if set_code:
        return repo.set_page(set_code, lang=lang, cursor=cursor, limit=limit)
    raise CatalogQueryNeeded(details={"q": ["Give q (the start of a card name) or set (a set code)."]})


def printings_of_card(*, scryfall_id: str, cursor: str | None, limit: int) -> tuple[CatalogPrinting, Page]:
    """Every printing of the card that ``scryfall_id`` is a printing of: 1 GetItem + 1 Query per page."""
    printing = printing_get(scryfall_id)
    return printing, repo.oracle_page(printing.oracle_id, cursor=cursor, limit=limit)


def set_list() -> list[CardSet]:
    """Every set, newest first: 1 Query."""
    return sorted(repo.sets_all(), key=lambda s: (s.released_at, s.code), reverse=True)
