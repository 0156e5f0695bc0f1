"""Importing Scryfall records into the catalog: idempotent, cheap to re-run, safe to interrupt.

Records are taken 100 at a time. One BatchGetItem reads the stored hashes of those 100; then
new or changed printings are written whole (BatchWriteItem, 25 a call), printings whose prices
alone changed get only their prices (UpdateItem), and unchanged ones cost nothing more.
Sets are written once at the end, and only those that changed.
"""

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from catalog import repository as repo
from catalog.domain import CardSet, CatalogPrinting, Skipped, from_scryfall

CHUNK = 100  # one BatchGetItem of stored hashes


@dataclass
class ImportReport:
    records: int = 0  # read from the file
    new: int = 0
    updated: int = 0  # written whole: something besides the prices changed
    prices_updated: int = 0  # only the prices (and their date) changed
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason → count
    sets_written: int = 0
    started: float = field(default_factory=time.monotonic)
    dry_run: bool = False

    @property
    def committed(self) -> int:
        """Records dealt with for good: written (or, in a dry run, counted), unchanged or skipped."""
        return self.new + self.updated + self.prices_updated + self.unchanged + sum(self.skipped.values())

    @property
    def rate(self) -> float:
        return self.records / max(time.monotonic() - self.started, 1e-9)

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        lines = [
            f"{self.records:,} records read in {time.monotonic() - self.started:.1f} s ({self.rate:,.0f}/s)",
            f"  new        {self.new:>9,}",
            f"  updated    {self.updated + self.prices_updated:>9,}  ({self.prices_updated:,} prices only)",
            f"  unchanged  {self.unchanged:>9,}",
            f"  skipped    {sum(self.skipped.values()):>9,}",
        ]
        lines += [f"    {reason:<16}{count:>7,}" for reason, count in sorted(self.skipped.items())]
        lines.append(f"  sets {verb}written {self.sets_written:,}")
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


class Importer:
    """Feed it records (``add``), then ``finish``; ``flush`` makes what was added so far durable."""

    def __init__(self, *, prices_date: str | None, dry_run: bool = False, on_progress: Callable | None = None):
        self.prices_date, self.dry_run, self.on_progress = prices_date, dry_run, on_progress
        self.report = ImportReport(dry_run=dry_run)
        self.pending: dict[str, CatalogPrinting] = {}
        self.places: set[str] = set()
        self.sets: dict[str, CardSet] = {}
        self.prices_changed = False  # a printing new to the catalog, or with other prices: bump the prices stamp

    def add(self, record) -> None:
        self.report.records += 1
        printing = from_scryfall(record, self.prices_date)
        if isinstance(printing, Skipped):
            self.report.skipped[printing.reason] += 1
            return
        self._note_set(printing)
        place = repo.set_place(printing.set_code, printing.collector_number, printing.lang)
        if printing.scryfall_id in self.pending or place in self.places:
            self.flush()  # one BatchWriteItem may not name a key twice
        self.pending[printing.scryfall_id] = printing
        self.places.add(place)
        if len(self.pending) >= CHUNK:
            self.flush()

    def _note_set(self, printing: CatalogPrinting) -> None:
        known = self.sets.get(printing.set_code)
        if known is None or printing.released_at < known.released_at:
            self.sets[printing.set_code] = CardSet(
                code=printing.set_code,
                name=printing.set_name,
                released_at=printing.released_at,
                set_type=printing.set_type,
            )

    def flush(self) -> None:
        if not self.pending:
            return
        printings = list(self.pending.values())
        self.pending, self.places = {}, set()
        stored = repo.stored_hashes([p.scryfall_id for p in printings])
        whole, prices_only, moved = [], [], []
        counts = Counter()  # added to the report once the writes are done: a failed write commits nothing
        priced = False
        for printing in printings:
            old = stored.get(printing.scryfall_id)
            if old is None or old.get("prices_hash") != printing.prices_hash():
                priced = True
            if old is None:
                counts["new"] += 1
                whole.append(printing)
            elif old.get("content_hash") != printing.content_hash():
                counts["updated"] += 1
                whole.append(printing)
                here = repo.set_place(printing.set_code, printing.collector_number, printing.lang)
                if here != repo.set_place(old["set_code"], old["collector_number"], old["lang"]):
                    moved.append(old)
            elif old.get("prices_hash") != printing.prices_hash():
                counts["prices_updated"] += 1
                prices_only.append(printing)
            else:
                counts["unchanged"] += 1
        if not self.dry_run:
            if whole:
                repo.printings_put(whole, moved)
            if prices_only:
                repo.prices_update(prices_only)
        for name, count in counts.items():
            setattr(self.report, name, getattr(self.report, name) + count)
        self.prices_changed = self.prices_changed or priced
        if self.on_progress:
            self.on_progress(self.report)

    def finish(self) -> ImportReport:
        """Write what is pending and the sets that changed; when anything was written, bump the prices
        stamp (one UpdateItem) when a price changed, so every cached collection value is recomputed."""
        self.flush()
        stored = {s.code: s for s in repo.sets_all()}
        changed = [s for code, s in sorted(self.sets.items()) if stored.get(code) != _earliest(s, stored.get(code))]
        changed = [_earliest(s, stored.get(s.code)) for s in changed]
        self.report.sets_written = len(changed)
        if changed and not self.dry_run:
            repo.sets_put(changed)
        if not self.dry_run and self.prices_changed:
            repo.prices_stamp_bump(self.prices_date)  # cached values name the prices they were computed from
        return self.report


def _earliest(seen: CardSet, stored: CardSet | None) -> CardSet:
    """The set as it should be stored: a partial file must not move a set's release date later."""
    if stored is not None and stored.released_at < seen.released_at:
        return CardSet(code=seen.code, name=seen.name, released_at=stored.released_at, set_type=seen.set_type)
    return seen


def import_records(records: Iterable, *, prices_date: str | None, dry_run: bool = False, on_progress=None):
    """Import every record of ``records`` (Scryfall card objects). Returns the ImportReport."""
    importer = Importer(prices_date=prices_date, dry_run=dry_run, on_progress=on_progress)
    for record in records:
        importer.add(record)
    return importer.finish()
