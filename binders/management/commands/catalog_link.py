"""python manage.py catalog_link: link card entries made before the catalog to their printings."""

from django.core.management.base import BaseCommand

from binders.services.cards import cards_link_to_catalog


class Command(BaseCommand):
    help = (
        "Link card entries that name no catalog printing, by set + collector number + language; "
        "report those that match none. Offline: it scans the table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report what would be linked; write nothing")

    def handle(self, *args, dry_run, **options):
        linked, unmatched = cards_link_to_catalog(dry_run=dry_run)
        verb = "Would link" if dry_run else "Linked"
        self.stdout.write(f"{verb} {len(linked)} entries; {len(unmatched)} match no printing.")
        for entry, why in unmatched:
            self.stdout.write(
                f"  unmatched: owner {entry.owner_sub} binder {entry.binder_id} card {entry.card_id}: {entry.name} "
                f"{entry.set_code} {entry.collector_number} ({entry.language}, {entry.finish.value}): {why}"
            )
