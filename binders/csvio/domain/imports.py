"""An import: its rows as read, why a row fails, the plan of card writes, and the import record.

A file's rows become ``Wanted`` (the values read through the format's columns and the value
tables); the service matches each to a catalog printing; ``plan`` merges the matched rows into
one write per card entry (a transaction may touch an item once) and splits the writes into
batches of ENTRIES_PER_BATCH, each one transaction with the binder's card_count and the record's
progress. Plain Python.
"""

import hashlib
import re
from dataclasses import dataclass, field, replace

from binders.csvio.domain.formats import Format
from binders.csvio.domain.values import condition_of, finish_of, folded, language_of, quantity_of
from binders.domain.cards import MAX_QUANTITY, Condition, Finish, Printing
from catalog.domain import valid_scryfall_id
from tradeapi.db.keys import IMPORT_ID_PATTERN
from tradeapi.exceptions import Conflict, NotFound, ServiceUnavailable, UnprocessableContent

# A batch: this many entries + the binder's card_count + the import record's progress = 97 actions
# (DynamoDB allows 100), so a 5,000-row file needs ⌈5000/95⌉ = 53 transactions at most.
ENTRIES_PER_BATCH = 95
IMPORT_TTL_DAYS = 30  # an import's record, failed rows and plan expire (the table's TTL)
STORED_CELLS = 60  # a failed row keeps at most this many cells of at most STORED_CELL characters
STORED_CELL = 1000

PLANNED = "planned"  # a dry run: what the import would do
IMPORTING = "importing"
COMPLETED = "completed"

# Why a row is not imported: reason code → what it means (docs/imports.md prints this).
REASONS = {
    "unknown_printing": "No catalog printing matches the Scryfall id, set + number, or set name + card name.",
    "ambiguous": "The set name and card name fit more than one printing: give the collector number.",
    "bad_quantity": f"The count is not a whole number from 1 to {MAX_QUANTITY}.",
    "unknown_condition": "The condition is not a word in the condition table.",
    "unknown_finish": "The foil / printing / finish value is not one we know.",
    "unknown_language": "The language is not one Scryfall prints cards in.",
    "finish_not_available": "The printing is not made in that finish.",
    "quantity_limit": f"The entry would hold more than {MAX_QUANTITY} copies.",
}


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str
    message: str
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wanted:
    """One data row, read through its format's columns. ``problem`` when a value is unreadable."""

    line: int
    cells: tuple[str, ...]
    quantity: int = 0
    name: str = ""
    set_code: str = ""
    set_name: str = ""
    number: str = ""
    scryfall_id: str | None = None
    language: str = "en"
    language_given: bool = False
    condition: Condition = Condition.NM
    finish: Finish = Finish.NONFOIL
    problem: Problem | None = None

    def fail(self, reason: str, message: str) -> Problem:
        return Problem(self.line, reason, message, stored_cells(self.cells))


def stored_cells(cells) -> tuple[str, ...]:
    return tuple(cell[:STORED_CELL] for cell in list(cells)[:STORED_CELLS])


def read_row(fmt: Format, header: list[str], line: int, cells: list[str]) -> Wanted:
    """A data row of ``fmt`` as Wanted (a row shorter than the header reads its missing cells as empty)."""
    position = {}
    for index, column in enumerate(header):
        position.setdefault(folded(column), index)

    def cell(column: str | None) -> str:
        index = position.get(folded(column)) if column else None
        return cells[index] if index is not None and index < len(cells) else ""

    wanted = Wanted(
        line=line,
        cells=tuple(cells),
        name=cell(fmt.name_column),
        set_code=cell(fmt.set_code).upper(),
        set_name=cell(fmt.set_name),
        number=cell(fmt.number),
        scryfall_id=valid_scryfall_id(cell(fmt.scryfall_id)),
    )
    quantity = quantity_of(cell(fmt.quantity))
    if quantity is None:
        return replace(
            wanted, problem=wanted.fail("bad_quantity", f"Count {cell(fmt.quantity)!r} is not 1 to {MAX_QUANTITY}.")
        )
    condition_text, finish_text = cell(fmt.condition), cell(fmt.finish)
    carried = None
    suffixed = re.fullmatch(r"(.*\S)[\s_-]+(foil|etched)", condition_text, flags=re.IGNORECASE)
    if fmt.condition_carries_finish and suffixed:  # TCGplayer: "Near Mint Foil"
        condition_text, carried = suffixed[1], finish_of(suffixed[2])
    condition = condition_of(condition_text)
    if condition is None:
        return replace(
            wanted, problem=wanted.fail("unknown_condition", f"Condition {condition_text!r} is not one we know.")
        )
    finish = finish_of(finish_text)
    if finish is None:
        return replace(wanted, problem=wanted.fail("unknown_finish", f"Finish {finish_text!r} is not one we know."))
    language = language_of(cell(fmt.language))
    if language is None:
        return replace(
            wanted, problem=wanted.fail("unknown_language", f"Language {cell(fmt.language)!r} is not one we know.")
        )
    return replace(
        wanted,
        quantity=quantity,
        condition=condition,
        finish=carried if carried and finish == Finish.NONFOIL else finish,
        language=language,
        language_given=bool(cell(fmt.language).strip()),
    )


def identity(printing: Printing) -> tuple[str, str, str, str, str]:
    """What makes two rows the same card entry (the card id hashes the same fields)."""
    return (
        printing.set_code.lower(),
        printing.collector_number.lower(),
        Finish(printing.finish).value,
        Condition(printing.condition).value,
        printing.language.lower(),
    )


@dataclass
class Planned:
    """One card entry's write: the copies every row naming it adds."""

    printing: Printing
    quantity: int
    lines: list[int]
    new: bool  # the entry did not exist when the import was planned

    def as_data(self) -> dict:
        p = self.printing
        return {
            "printing": {
                "name": p.name,
                "set_code": p.set_code,
                "collector_number": p.collector_number,
                "finish": Finish(p.finish).value,
                "condition": Condition(p.condition).value,
                "language": p.language,
                "scryfall_id": p.scryfall_id,
                "oracle_id": p.oracle_id,
                "rarity": p.rarity,
                "image": p.image,
            },
            "quantity": self.quantity,
            "lines": self.lines,
            "new": self.new,
        }

    @classmethod
    def from_data(cls, data: dict) -> "Planned":
        printing = dict(data["printing"])
        printing.update(finish=Finish(printing["finish"]), condition=Condition(printing["condition"]))
        printing = {k: v for k, v in printing.items() if v is not None}
        return cls(Printing(**printing), int(data["quantity"]), [int(n) for n in data["lines"]], bool(data["new"]))


@dataclass
class Plan:
    entries: list[Planned]
    created: int  # rows that create an entry
    merged: int  # rows that add to an entry (one in the binder, or one an earlier row creates)
    problems: list[Problem]

    def batches(self) -> list[list[Planned]]:
        return [self.entries[i : i + ENTRIES_PER_BATCH] for i in range(0, len(self.entries), ENTRIES_PER_BATCH)]


def plan(matched: list[tuple[Wanted, Printing]], held: dict[tuple, int]) -> Plan:
    """One write per entry, in file order; ``held`` is what each entry (by identity) holds now. A row
    that would take its entry past MAX_QUANTITY fails (quantity_limit); the rows before it stay."""
    entries: dict[tuple, Planned] = {}
    created = merged = 0
    problems = []
    for wanted, printing in matched:
        key = identity(printing)
        entry = entries.get(key)
        total = held.get(key, 0) + (entry.quantity if entry else 0) + wanted.quantity
        if total > MAX_QUANTITY:
            problems.append(
                wanted.fail("quantity_limit", f"The entry would hold {total} copies; at most {MAX_QUANTITY}.")
            )
            continue
        if entry is None:
            entries[key] = Planned(printing, wanted.quantity, [wanted.line], new=key not in held)
            created, merged = (created + 1, merged) if key not in held else (created, merged + 1)
        else:
            entry.quantity += wanted.quantity
            entry.lines.append(wanted.line)
            merged += 1
    return Plan(list(entries.values()), created, merged, problems)


def is_import_id(text: str | None) -> bool:
    """Whether ``text`` is an import id we could have issued (anything else is simply not found)."""
    return re.fullmatch(IMPORT_ID_PATTERN, text or "") is not None


def fingerprint(data: bytes, format_name: str | None) -> str:
    """What makes a retry under the same Idempotency-Key the same import."""
    return hashlib.sha256(b"%s\n%s" % ((format_name or "").encode(), data)).hexdigest()


@dataclass
class ImportRecord:
    import_id: str | None  # None: a dry run
    owner_sub: str
    binder_id: str
    format: str
    status: str
    rows: int
    matched: int
    created: int
    merged: int
    failed: int
    batches_total: int
    batches_done: int = 0
    copies: int = 0  # copies the plan adds
    header: list[str] = field(default_factory=list)
    fingerprint: str = ""
    created_at: str = ""
    updated_at: str = ""
    dry_run: bool = False
    errors: list[Problem] = field(default_factory=list)

    @property
    def resumable(self) -> bool:
        return self.import_id is not None and self.status != COMPLETED


class ImportNotFound(NotFound):
    code = "import_not_found"
    message = "No such import."


class ImportKeyReused(UnprocessableContent):
    code = "idempotency_key_reused"
    message = "This Idempotency-Key started an import of another file; use a new key."


class ImportBusy(Conflict):
    code = "import_busy"
    message = "Another request is writing this import right now; read it again shortly."


class ImportInterrupted(ServiceUnavailable):
    code = "import_interrupted"

    def __init__(self, record: "ImportRecord"):
        super().__init__(
            f"The import stopped after {record.batches_done} of {record.batches_total} batches (an AWS fault); "
            "resume it, or send the request again with the same Idempotency-Key. No row is added twice.",
            details={"import_id": record.import_id, "batches_done": record.batches_done},
            retry_after=1,
        )
        self.import_id = record.import_id
