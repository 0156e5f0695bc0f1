"""`manage.py expire_trades`: mark OPEN/COUNTERED trades past TRADE_EXPIRY_DAYS as EXPIRED (run on a schedule)."""

from django.core.management.base import BaseCommand

from trades.services.trades import trades_expire


class Command(BaseCommand):
    help = "Expire open and countered trades older than TRADE_EXPIRY_DAYS (Queries the status index; no Scan)."

    def handle(self, *args, **options):
        count = trades_expire()
        self.stdout.write(f"expired {count} trade(s)")
