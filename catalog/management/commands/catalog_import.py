"""python manage.py catalog_import FILE: load a Scryfall bulk file into the catalog.

FILE is a path or a URL (https://, file://): a JSON array or JSON Lines, gzipped or not; or
``--bulk-data URL`` names Scryfall's bulk-data object, whose download_uri is streamed (the daily
price refresh: docs/operations.md). The command works against whatever stack the settings point
at; for a running `make run`, export the environment its banner prints first.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from catalog.bulk import CorruptFile, bulk_download_uri, open_source
from catalog.importer import Importer, ImportReport
from tradeapi.aws_faults import is_aws_fault
from tradeapi.exceptions import ServiceUnavailable


class Progress:
    """A one-line progress bar on stderr (a line every few seconds when stderr is not a terminal)."""

    WIDTH = 30

    def __init__(self, source, stream, *, enabled: bool = True):
        self.source, self.stream, self.enabled = source, stream, enabled
        self.tty = stream.isatty()
        self.shown = 0.0

    def __call__(self, report: ImportReport, *, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not final and now - self.shown < (0.2 if self.tty else 5.0)):
            return
        self.shown = now
        done = self.source.progress
        bar = ""
        if done is not None:
            filled = int(done * self.WIDTH)
            bar = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:4.0%} "
        line = (
            f"{bar}{report.records:,} records · new {report.new:,} · updated "
            f"{report.updated + report.prices_updated:,} · unchanged {report.unchanged:,} · skipped "
            f"{sum(report.skipped.values()):,} · {report.rate:,.0f}/s"
        )
        self.stream.write(f"\r{line}\033[K" if self.tty else f"{line}\n")
        if final and self.tty:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import a Scryfall bulk file (JSON array or JSON Lines, optionally gzipped; a path or a URL)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a path, or an https:// or file:// URL")
        parser.add_argument(
            "--bulk-data",
            metavar="URL",
            help="instead of FILE: Scryfall's bulk-data object (e.g. https://api.scryfall.com/bulk-data/default-cards);"
            " its download_uri is streamed, its updated_at dates the prices",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and compare, write nothing")
        parser.add_argument(
            "--prices-date",
            help="the date the file's prices are from (YYYY-MM-DD); default: the file's modification date",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file, bulk_data, dry_run, prices_date, no_progress, **options):
        if bool(file) == bool(bulk_data):
            raise CommandError("Give FILE or --bulk-data URL (one of them).")
        try:
            if bulk_data:
                file, generated = bulk_download_uri(bulk_data)
                prices_date = prices_date or generated
            source = open_source(file)
        except (OSError, ValueError, CorruptFile) as exc:
            raise CommandError(f"Cannot open {file or bulk_data}: {exc}") from exc
        progress = Progress(source, sys.stderr, enabled=not no_progress)
        importer = Importer(prices_date=prices_date or source.modified, dry_run=dry_run, on_progress=progress)
        self.stdout.write(f"Importing {file} (prices as of {importer.prices_date or 'unknown'})")
        try:
            for record in source.records():
                importer.add(record)
            report = importer.finish()
        except CorruptFile as exc:
            report = importer.finish()  # the records before the damage are sound: keep them
            progress(report, final=True)
            self.stdout.write(report.summary())
            raise CommandError(
                f"Stopped: {exc}. {report.committed:,} records before it were imported"
                f"{' (dry run: nothing written)' if dry_run else ''}; fix the file and run again "
                "(printings already imported are not rewritten)."
            ) from exc
        except Exception as exc:
            if not (isinstance(exc, ServiceUnavailable) or is_aws_fault(exc)):
                raise
            why = exc.message if isinstance(exc, ServiceUnavailable) else f"{type(exc).__name__}: {exc}."
            raise CommandError(
                f"DynamoDB refused writes: {why} Records up to {importer.report.committed:,} are imported; "
                "run the command again to continue."
            ) from exc
        finally:
            source.close()
        progress(report, final=True)
        self.stdout.write(f"Read {source.form or 'file'}.")
        self.stdout.write(report.summary())
