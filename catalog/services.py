"""Catalog use cases: look a printing up, resolve what a trader names, search, list a set or a card's printings."""

from decimal import Decimal

from django.conf import settings

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
from catalog.values import DEFAULT_CURRENCY, ValueRules, factors_of
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


# --- lookups for CSV imports (binders.csvio): many rows at once, batched ----------------------


def printings_at_many(places) -> dict[tuple[str, str, str], tuple[CatalogPrinting, str]]:
    """What ``printing_resolve`` answers by set + collector number + language, for many places at once:
    {(SET, number, lang) as given: (printing, the copy's language)}. The printing in that language, or
    when the catalog holds only the English one, that one. ⌈keys/100⌉ BatchGetItem (a non-English
    place asks for both keys in the same calls)."""
    wanted = {(s.upper(), n.lower(), (lang or ENGLISH).lower()) for s, n, lang in places if s and n}
    keys_ = wanted | {(s, n, ENGLISH) for s, n, _ in wanted}
    found = repo.printings_at_many(sorted(keys_))
    resolved = {}
    for set_code, number, lang in wanted:
        printing = found.get((set_code, number, lang)) or found.get((set_code, number, ENGLISH))
        if printing is not None:
            resolved[(set_code, number, lang)] = (printing, lang)
    return resolved


def set_codes_by_name() -> dict[str, list[str]]:
    """{normalized set name: [set codes]} of every set (1 Query): Deckbox and others name a set, not its code."""
    codes: dict[str, list[str]] = {}
    for card_set in repo.sets_all():
        codes.setdefault(normalize_name(card_set.name), []).append(card_set.code.upper())
    return codes


def printings_named_in_sets(pairs) -> dict[tuple[str, str], list[CatalogPrinting]]:
    """{(card name, set code): the printings in that set (every language) named so, by whole name or by
    front face ("Delver of Secrets" names "Delver of Secrets // Insectile Aberration")}. One Query of the
    name-search index per distinct pair."""
    wanted = {}
    for name, set_code in pairs:
        norm = normalize_name(name or "")
        if norm and set_code:
            wanted[(name, set_code)] = (norm, set_code.upper())
    found = repo.printings_named_in_sets(set(wanted.values()))
    answer = {}
    for pair, (norm, set_code) in wanted.items():
        answer[pair] = [
            p
            for p in found[(norm, set_code)]
            if norm in {normalize_name(p.name), normalize_name(p.name.split(" // ")[0])}
        ]
    return answer


# --- values (catalog.values; docs/values.md) ---------------------------------------------------


def value_rules() -> ValueRules:
    """The configured condition factors and lopsided thresholds (settings), as Decimals."""
    return ValueRules(
        factors=factors_of(settings.VALUE_CONDITION_FACTORS),
        fraction=Decimal(settings.LOPSIDED_FRACTION),
        minimum=Decimal(settings.LOPSIDED_MINIMUM),
        flag_currency=settings.LOPSIDED_CURRENCY or DEFAULT_CURRENCY,
    )


def prices_of(scryfall_ids) -> dict[str, tuple[dict, str | None]]:
    """{scryfall_id: (its six prices, their date)} for the printings the catalog has:
    ⌈distinct ids/100⌉ BatchGetItem (none when no id is given)."""
    wanted = sorted({i for i in scryfall_ids if i})
    if not wanted:
        return {}
    return {sid: (dict(p.prices), p.prices_date) for sid, p in repo.printings_get_many(wanted).items()}


def prices_stamp() -> str:
    """What names the catalog's current prices (for cache keys): "<latest prices date>.<imports>". One GetItem."""
    prices_date, version = repo.prices_stamp_get()
    return f"{prices_date or 'none'}.{version}"
