"""The CSV formats we read and write: each export's header row, the columns we read from it, and
how a file's format is told from its header.

Several formats share "Count, Tradelist Count, Name, Edition", so a format is recognised by a
combination of columns (its ``signature``), never by one: the format whose signature is all
present and that shares the most columns with the file. A tie is ambiguous: the caller names the format.
"""

from dataclasses import dataclass

from binders.csvio.domain.values import LANGUAGE_NAMES, folded
from binders.domain.cards import Condition, Finish
from tradeapi.exceptions import InvalidInput


@dataclass(frozen=True)
class Format:
    name: str  # as ?format= names it
    title: str
    header: tuple[str, ...]  # the export's header row, in order
    signature: frozenset[str]  # folded columns that together identify it
    quantity: str
    name_column: str
    set_code: str | None = None
    set_name: str | None = None
    number: str | None = None
    scryfall_id: str | None = None
    finish: str | None = None  # the Foil, Printing or Finish column
    condition: str = "Condition"
    language: str = "Language"
    condition_carries_finish: bool = False  # TCGplayer: "Near Mint Foil"


def _format(name, title, header, signature, **columns) -> Format:
    return Format(name, title, tuple(header), frozenset(folded(c) for c in signature), **columns)


DECKBOX = _format(
    "deckbox",
    "Deckbox",
    [
        "Count", "Tradelist Count", "Name", "Edition", "Edition Code", "Card Number", "Condition", "Language", "Foil",
        "Signed", "Artist Proof", "Altered Art", "Misprint", "Promo", "Textless", "Printing Id", "Printing Note",
        "Tags", "My Price",
    ],
    ["Count", "Tradelist Count", "Name", "Edition", "Card Number"],
    quantity="Count", name_column="Name", set_code="Edition Code", set_name="Edition", number="Card Number",
    finish="Foil",
)  # fmt: skip
MOXFIELD = _format(
    "moxfield",
    "Moxfield",
    [
        "Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Tags", "Last Modified",
        "Collector Number", "Alter", "Proxy", "Purchase Price",
    ],
    ["Count", "Tradelist Count", "Name", "Edition", "Collector Number"],
    quantity="Count", name_column="Name", set_code="Edition", number="Collector Number", finish="Foil",
)  # fmt: skip
MANABOX = _format(
    "manabox",
    "ManaBox",
    [
        "Binder Name", "Binder Type", "Name", "Set code", "Set name", "Collector number", "Foil", "Rarity",
        "Quantity", "ManaBox ID", "Scryfall ID", "Purchase price", "Misprint", "Altered", "Condition", "Language",
        "Purchase price currency",
    ],
    ["Name", "Set code", "Collector number", "Quantity", "ManaBox ID"],
    quantity="Quantity", name_column="Name", set_code="Set code", set_name="Set name", number="Collector number",
    scryfall_id="Scryfall ID", finish="Foil",
)  # fmt: skip
TCGPLAYER = _format(
    "tcgplayer",
    "TCGplayer",
    [
        "Quantity", "Name", "Simple Name", "Set", "Card Number", "Set Code", "Printing", "Condition", "Language",
        "Rarity", "Product ID", "SKU",
    ],
    ["Quantity", "Simple Name", "Set", "Set Code", "Printing"],
    quantity="Quantity", name_column="Simple Name", set_code="Set Code", set_name="Set", number="Card Number",
    finish="Printing", condition_carries_finish=True,
)  # fmt: skip
CARDSPHERE = _format(
    "cardsphere",
    "Cardsphere",
    [
        "Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Tags", "Scryfall ID",
        "Last Modified",
    ],
    ["Count", "Tradelist Count", "Name", "Edition", "Scryfall ID"],
    quantity="Count", name_column="Name", set_name="Edition", scryfall_id="Scryfall ID", finish="Foil",
)  # fmt: skip
ARCHIDEKT = _format(
    "archidekt",
    "Archidekt",
    [
        "Quantity", "Name", "Finish", "Condition", "Date Added", "Language", "Purchase Price", "Tags", "Edition Name",
        "Edition Code", "Multiverse Id", "Scryfall ID", "Collector Number",
    ],
    ["Quantity", "Name", "Finish", "Edition Name", "Edition Code"],
    quantity="Quantity", name_column="Name", set_code="Edition Code", set_name="Edition Name",
    number="Collector Number", scryfall_id="Scryfall ID", finish="Finish",
)  # fmt: skip

FORMATS: dict[str, Format] = {f.name: f for f in (DECKBOX, MOXFIELD, MANABOX, TCGPLAYER, CARDSPHERE, ARCHIDEKT)}
EXPORT_FORMATS = ("deckbox", "moxfield", "manabox")


class UnknownFormat(InvalidInput):
    code = "unknown_format"
    message = "The header row is not one we know: name the format with format=."


class AmbiguousFormat(InvalidInput):
    code = "ambiguous_format"
    message = "The header row fits more than one format: name it with format=."


class MissingColumns(InvalidInput):
    code = "missing_columns"
    message = "The file lacks columns this format needs."


def _score(fmt: Format, columns: set[str]) -> int:
    return len(columns & {folded(c) for c in fmt.header})


def detect(header: list[str], forced: str | None = None) -> Format:
    """The format of a file with this header row; ``forced`` (a name in FORMATS) skips the guess but
    must still find its quantity and name columns."""
    columns = {folded(c) for c in header}
    if forced:
        fmt = FORMATS[forced]
        needed = [fmt.quantity, fmt.name_column]
        missing = [c for c in needed if folded(c) not in columns]
        if missing:
            raise MissingColumns(
                f"A {fmt.title} file has the columns {', '.join(needed)}; this one lacks {', '.join(missing)}.",
                details={"header": [f"Missing: {', '.join(missing)}."]},
            )
        return fmt
    candidates = sorted(
        ((_score(fmt, columns), fmt) for fmt in FORMATS.values() if fmt.signature <= columns),
        key=lambda scored: -scored[0],
    )
    if not candidates:
        raise UnknownFormat(
            details={
                "header": [f"Read: {', '.join(header)[:300]}."],
                "format": [f"One of: {', '.join(FORMATS)}."],
            }
        )
    if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
        tied = [fmt.name for score, fmt in candidates if score == candidates[0][0]]
        raise AmbiguousFormat(details={"format": [f"One of: {', '.join(tied)}."]})
    return candidates[0][1]


# --- what exports write ---------------------------------------------------------------------
# Grades and finishes in each export format's own words. A grade a tool lacks is written so that
# our import reads it back the same (DMG is "Damaged" everywhere; docs/imports.md).
EXPORT_CONDITIONS = {
    "deckbox": {
        Condition.NM: "Near Mint",
        Condition.LP: "Good (Lightly Played)",
        Condition.MP: "Played",
        Condition.HP: "Heavily Played",
        Condition.DMG: "Damaged",
    },
    "moxfield": {
        Condition.NM: "Near Mint",
        Condition.LP: "Lightly Played",
        Condition.MP: "Moderately Played",
        Condition.HP: "Heavily Played",
        Condition.DMG: "Damaged",
    },
    "manabox": {
        Condition.NM: "near_mint",
        Condition.LP: "light_played",
        Condition.MP: "played",
        Condition.HP: "poor",
        Condition.DMG: "damaged",
    },
}
EXPORT_FINISHES = {
    "deckbox": {Finish.NONFOIL: "", Finish.FOIL: "foil", Finish.ETCHED: "etched"},
    "moxfield": {Finish.NONFOIL: "", Finish.FOIL: "foil", Finish.ETCHED: "etched"},
    "manabox": {Finish.NONFOIL: "normal", Finish.FOIL: "foil", Finish.ETCHED: "etched"},
}


def export_row(fmt: Format, entry, *, set_name: str, binder_name: str) -> list[str]:
    """One card entry as a row of ``fmt``'s export (every header column, in order)."""
    language = entry.language if fmt.name == "manabox" else LANGUAGE_NAMES.get(entry.language, entry.language)
    values = {
        "count": str(entry.quantity),
        "quantity": str(entry.quantity),
        "tradelist count": "0",
        "name": entry.name,
        "edition": set_name if fmt.name == "deckbox" else entry.set_code.lower(),
        "edition code": entry.set_code.lower(),
        "set code": entry.set_code.upper(),
        "set name": set_name,
        "card number": entry.collector_number,
        "collector number": entry.collector_number,
        "condition": EXPORT_CONDITIONS[fmt.name][entry.condition],
        "language": language,
        "foil": EXPORT_FINISHES[fmt.name][entry.finish],
        "scryfall id": entry.scryfall_id or "",
        "rarity": entry.rarity or "",
        "binder name": binder_name,
        "binder type": "binder",
        "last modified": entry.updated_at,
        "alter": "False",
        "proxy": "False",
        "misprint": "false" if fmt.name == "manabox" else "",
        "altered": "false",
        "tags": "",
    }
    return [values.get(folded(column), "") for column in fmt.header]
