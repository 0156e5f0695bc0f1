"""The sample catalog for `make run` and the tests: real Scryfall printings (catalog/sample/README.md)."""

import logging
from pathlib import Path

from catalog.bulk import open_source
from catalog.importer import Importer, ImportReport
from tradeapi import clock

logger = logging.getLogger("tradeapi.local")

SAMPLE = Path(__file__).resolve().parent / "sample" / "scryfall-sample.json"


def load_sample(prices_date: str | None = None) -> ImportReport:
    """Import the sample catalog, its prices dated today (the demo's values are not stale)."""
    source = open_source(str(SAMPLE))
    try:
        importer = Importer(prices_date=prices_date or clock.now_iso()[:10])
        for record in source.records():
            importer.add(record)
        return importer.finish()
    finally:
        source.close()


def seed(accounts) -> None:
    report = load_sample()
    logger.info(
        "catalog demo: %d printings from %s (%d skipped)", report.new, SAMPLE.name, sum(report.skipped.values())
    )
