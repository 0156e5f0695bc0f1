"""CSV use cases: import a file into a binder (or say what it would do), read an import, resume it,
download its failed rows; export a binder or the whole collection in an export format.

Matching a row to a printing tries, in order: its Scryfall id; its set code + collector number +
language; its set name + card name (+ language) when that names one printing. Every lookup is
batched over the file: Scryfall ids and set places by BatchGetItem (100 keys a call), set names
from the sets list (1 Query), names within a set by the name-search index (1 Query per distinct
name and set).
"""

import secrets
from collections.abc import Iterator
from dataclasses import replace

from binders.csvio import repository as repo
from binders.csvio.domain import csvtext
from binders.csvio.domain.formats import EXPORT_FORMATS, FORMATS, detect, export_row
from binders.csvio.domain.imports import (
    COMPLETED,
    IMPORTING,
    PLANNED,
    ImportBusy,
    ImportInterrupted,
    ImportKeyReused,
    ImportNotFound,
    ImportRecord,
    Plan,
    Planned,
    Problem,
    Wanted,
    fingerprint,
    identity,
    is_import_id,
    plan,
    read_row,
)
from binders.domain.binders import BinderBeingDeleted, BinderRefused
from binders.domain.cards import Printing
from binders.repository import binders as binder_repo
from binders.repository import cards as card_repo
from binders.services.binders import checked_binder_id
from catalog import services as catalog
from catalog.domain import CatalogPrinting, normalize_name
from tradeapi import clock
from tradeapi.aws_faults import is_aws_fault
from tradeapi.exceptions import ServiceUnavailable

BATCH_ATTEMPTS = 4  # a batch whose entries filled up meanwhile is retried without them
EXPORT_PAGE = 200
IMPORT_ID_LENGTH = 20


def new_import_id() -> str:
    return secrets.token_hex(IMPORT_ID_LENGTH // 2)


# --- matching -------------------------------------------------------------------------------


def _printing(found: CatalogPrinting, wanted: Wanted, language: str) -> Printing:
    return Printing(
        name=found.name,
        set_code=found.set_code,
        collector_number=found.collector_number,
        finish=wanted.finish,
        condition=wanted.condition,
        language=language,
        scryfall_id=found.scryfall_id,
        oracle_id=found.oracle_id,
        rarity=found.rarity,
        image=found.image,
    )


def _in_language(printings: list[CatalogPrinting], language: str) -> list[CatalogPrinting]:
    return [p for p in printings if p.lang == language] or [p for p in printings if p.lang == catalog.ENGLISH]


def match_rows(rows: list[Wanted]) -> tuple[list[tuple[Wanted, Printing]], list[Problem]]:
    """Each readable row's printing, or why it has none (in file order)."""
    by_id = catalog.printings_get_many(w.scryfall_id for w in rows if w.scryfall_id)
    need_place = [w for w in rows if w.scryfall_id not in by_id and w.set_code and w.number]
    places = catalog.printings_at_many((w.set_code, w.number, w.language) for w in need_place)
    unmatched = [
        w
        for w in rows
        if w.scryfall_id not in by_id and (w.set_code.upper(), w.number.lower(), w.language) not in places
    ]
    named, set_codes = {}, {}
    if any(w.name and (w.set_name or w.set_code) for w in unmatched):
        set_codes = catalog.set_codes_by_name() if any(w.set_name and not w.set_code for w in unmatched) else {}
        pairs = {(w.name, code) for w in unmatched if w.name for code in _set_codes(w, set_codes)}
        named = catalog.printings_named_in_sets(pairs)
    matched, problems = [], []
    for w in rows:
        found, language = None, w.language
        if w.scryfall_id in by_id:
            found = by_id[w.scryfall_id]
            language = w.language if w.language_given else found.lang
        elif (w.set_code.upper(), w.number.lower(), w.language) in places:
            found, language = places[(w.set_code.upper(), w.number.lower(), w.language)]
        else:
            codes = _set_codes(w, set_codes) if w.name else []
            candidates = [p for code in codes for p in _in_language(named.get((w.name, code), []), w.language)]
            if len(candidates) > 1:
                listed = ", ".join(sorted(f"{p.set_code} {p.collector_number}" for p in candidates)[:8])
                problems.append(w.fail("ambiguous", f"{w.name} in {w.set_name or w.set_code} is one of: {listed}."))
                continue
            found = candidates[0] if candidates else None
        if found is None:
            problems.append(w.fail("unknown_printing", f"The catalog has no printing for {_described(w)}."))
            continue
        if w.finish.value not in found.finishes:
            problems.append(
                w.fail(
                    "finish_not_available",
                    f"{found.name} ({found.set_code} {found.collector_number}) is not made in {w.finish.value}; "
                    f"it comes in: {', '.join(found.finishes)}.",
                )
            )
            continue
        matched.append((w, _printing(found, w, language)))
    return matched, problems


def _set_codes(w: Wanted, codes: dict[str, list[str]]) -> list[str]:
    if w.set_code:
        return [w.set_code.upper()]
    return codes.get(normalize_name(w.set_name), []) if w.set_name else []


def _described(w: Wanted) -> str:
    parts = [w.name or "a card without a name"]
    if w.set_code or w.number:
        parts.append(f"{w.set_code} {w.number}".strip())
    elif w.set_name:
        parts.append(f"in {w.set_name}")
    if w.scryfall_id:
        parts.append(f"Scryfall id {w.scryfall_id}")
    return f"{', '.join(parts)} ({w.language})"


# --- import ---------------------------------------------------------------------------------


def _planned(owner_sub: str, binder_id: str, data: bytes, format_name: str | None) -> tuple[str, list[str], int, Plan]:
    table = csvtext.read_table(csvtext.decode(data))
    fmt = detect(table.header, format_name)
    rows = [read_row(fmt, table.header, line, cells) for line, cells in table.rows]
    unreadable = [w.problem for w in rows if w.problem]
    matched, unmatched = match_rows([w for w in rows if not w.problem])
    held = repo.held_quantities(owner_sub, binder_id, [p for _, p in matched]) if matched else {}
    result = plan(matched, held)
    result.problems = sorted(unreadable + unmatched + result.problems, key=lambda p: p.line)
    return fmt.name, table.header, len(rows), result


def import_binder(*, owner_sub: str, binder_id: str):
    """The binder an import would fill (1 GetItem): BinderNotFound unless it is the caller's; 409 while
    it is being deleted."""
    binder = binder_repo.binder_get(owner_sub, checked_binder_id(binder_id))
    if binder.deleting:
        raise BinderBeingDeleted()
    return binder


def import_csv(
    *,
    owner_sub: str,
    binder_id: str,
    data: bytes,
    format_name: str | None = None,
    dry_run: bool = False,
    idempotency_key: str | None = None,
) -> tuple[ImportRecord, bool]:
    """Import a CSV file into one of the caller's binders (see docs/imports.md): the import, and whether
    this call started it. With ``dry_run``, what it would do, writing nothing. Under an Idempotency-Key
    the import's id comes from the key, so a retry after a failure resumes the import where its last
    committed batch left it."""
    import_binder(owner_sub=owner_sub, binder_id=binder_id)  # 404 before any work
    if len(data) > csvtext.MAX_BYTES:
        raise csvtext.FileTooLarge()
    print_ = fingerprint(data, format_name)
    import_id = None
    if not dry_run:
        import_id = (
            repo.import_id_for_key(owner_sub, binder_id, idempotency_key) if idempotency_key else new_import_id()
        )
        if idempotency_key:
            existing = repo.import_get(import_id, with_errors=False)
            if existing is not None:
                if existing.fingerprint != print_:
                    raise ImportKeyReused()
                return _run(existing), False
    format_name, header, rows, result = _planned(owner_sub, binder_id, data, format_name)
    now = clock.now_iso()
    matched = result.created + result.merged
    record = ImportRecord(
        import_id=import_id,
        owner_sub=owner_sub,
        binder_id=binder_id,
        format=format_name,
        status=PLANNED if dry_run else IMPORTING if result.entries else COMPLETED,
        rows=rows,
        matched=matched,
        created=result.created,
        merged=result.merged,
        failed=len(result.problems),
        batches_total=len(result.batches()),
        copies=sum(e.quantity for e in result.entries),
        header=[cell[:200] for cell in header[:60]],
        fingerprint=print_,
        created_at=now,
        updated_at=now,
        dry_run=dry_run,
        errors=result.problems,
    )
    if dry_run:
        return record, False
    try:
        repo.import_create(record, result.batches(), result.problems)
    except repo.ImportExists:  # the same key, a moment ago
        existing = repo.import_get(import_id, with_errors=False)
        if existing is None or existing.fingerprint != print_:
            raise ImportKeyReused() from None
        return _run(existing), False
    return _run(record, result.batches()), True


def _run(record: ImportRecord, batches: list[list[Planned]] | None = None) -> ImportRecord:
    """Write the batches the record has not done yet, in order; the record as it ends, with its errors."""
    if record.status != COMPLETED:
        if batches is None:
            batches = repo.batches_from(record.import_id, record.batches_done)
        else:
            batches = batches[record.batches_done :]
        number = record.batches_done
        for batch in batches:
            try:
                _commit(record, number, batch)
            except BinderRefused as exc:
                binder_repo.binder_get(record.owner_sub, record.binder_id)  # 404 when it is gone
                raise BinderBeingDeleted() from exc
            except repo.BatchDone:
                current = repo.import_get(record.import_id, with_errors=False)
                if current.batches_done <= number:
                    raise ImportBusy() from None
            except Exception as exc:  # an AWS fault: the committed batches stand, the rest waits for a resume
                if is_aws_fault(exc) or isinstance(exc, ServiceUnavailable):
                    raise ImportInterrupted(replace(record, batches_done=number)) from exc
                raise
            number += 1
    final = repo.import_get(record.import_id, with_errors=True)
    return final


def _commit(record: ImportRecord, number: int, batch: list[Planned]) -> None:
    """One batch; entries that filled up since the plan (a concurrent add) fail their rows instead."""
    late, counts = [], {}
    for _ in range(BATCH_ATTEMPTS):
        try:
            repo.batch_commit(record, number, batch, clock.now_iso(), late=late, late_counts=counts)
            return
        except repo.EntriesAppeared as appeared:  # created meanwhile: merge into them instead
            batch = [replace(e, new=False) if identity(e.printing) in appeared.identities else e for e in batch]
            continue
        except repo.EntriesFull as full:
            for entry in [e for e in batch if identity(e.printing) in full.identities]:
                batch = [e for e in batch if e is not entry]
                late += [
                    Problem(line, "quantity_limit", "The entry filled up while the file was being imported.")
                    for line in entry.lines
                ]
                rows = len(entry.lines)
                counts["failed"] = counts.get("failed", 0) + rows
                counts["matched"] = counts.get("matched", 0) - rows
                created = 1 if entry.new else 0
                counts["created"] = counts.get("created", 0) - created
                counts["merged"] = counts.get("merged", 0) - (rows - created)
                counts["copies"] = counts.get("copies", 0) - entry.quantity
    raise ImportBusy()


def import_get(*, owner_sub: str, import_id: str) -> ImportRecord:
    """One of the caller's imports with every failed row (1 Query); another trader's is not found."""
    record = repo.import_get(import_id, with_errors=True) if is_import_id(import_id) else None
    if record is None or record.owner_sub != owner_sub:
        raise ImportNotFound()
    return record


def import_resume(*, owner_sub: str, import_id: str) -> ImportRecord:
    """Continue an import after its last committed batch (a completed one is answered as it is)."""
    record = repo.import_get(import_id, with_errors=False) if is_import_id(import_id) else None
    if record is None or record.owner_sub != owner_sub:
        raise ImportNotFound()
    return _run(record)


def import_failed_rows(*, owner_sub: str, import_id: str) -> tuple[str, Iterator[str]]:
    """The failed rows as CSV (the file's header plus an "Import Error" column): the filename and its lines."""
    record = import_get(owner_sub=owner_sub, import_id=import_id)
    rows = [[*record.header, "Import Error"]]
    rows += [[*p.cells, f"line {p.line}: {p.reason}: {p.message}"] for p in record.errors]
    return f"import-{import_id}-failed.csv", csvtext.csv_lines(rows)


# --- export ---------------------------------------------------------------------------------


def _entries(owner_sub: str, binder_id: str | None) -> Iterator:
    cursor = None
    while True:
        page = card_repo.card_page(owner_sub, cursor=cursor, limit=EXPORT_PAGE, binder_id=binder_id)
        yield from page.items
        cursor = page.next_cursor
        if not cursor:
            return


def export_csv(*, owner_sub: str, format_name: str, binder_id: str | None = None) -> tuple[str, Iterator[str]]:
    """A binder's entries (or with no ``binder_id`` every entry the caller holds) as ``format_name``'s
    export: the filename and the CSV's lines, read a page at a time (the binder is checked first)."""
    fmt = FORMATS[format_name]
    assert fmt.name in EXPORT_FORMATS
    if binder_id is not None:
        binders = {binder_id: binder_repo.binder_get(owner_sub, checked_binder_id(binder_id)).name}
    else:
        binders, cursor = {}, None
        while True:
            page = binder_repo.binder_list(owner_sub, cursor=cursor, limit=200)
            binders.update((b.binder_id, b.name) for b in page.items)
            cursor = page.next_cursor
            if not cursor:
                break
    set_names = {s.code.upper(): s.name for s in catalog.set_list()} if fmt.name in ("deckbox", "manabox") else {}

    def rows():
        yield list(fmt.header)
        for entry in _entries(owner_sub, binder_id):
            yield export_row(
                fmt,
                entry,
                set_name=set_names.get(entry.set_code.upper(), ""),
                binder_name=binders.get(entry.binder_id, entry.binder_id),
            )

    name = f"{binder_id or 'collection'}-{fmt.name}.csv"
    return name, csvtext.csv_lines(rows())
