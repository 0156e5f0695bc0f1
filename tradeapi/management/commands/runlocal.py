"""`make run`: the embedded AWS emulator, bootstrapped with demo data, and the app on :8000."""

import shlex
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tradeapi.local import demo, stack


class Command(BaseCommand):
    help = "Start the local AWS emulator, bootstrap it with demo data, and serve the app."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, addr, port, **options):
        started = time.perf_counter()
        emulator, local = stack.start()
        accounts = demo.seed()
        self.print_banner(local, accounts, f"http://{addr}:{port}", time.perf_counter() - started)
        call_command("runserver", f"{addr}:{port}", use_reloader=False)

    def print_banner(self, local, accounts, base, seconds):
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS(f"tradeapi local stack ready in {seconds:.1f}s"))
        w(f"  AWS emulator (moto)   {local.endpoint}")
        w(f"  DynamoDB table        {local.table}  (cache: {local.cache_table}, KMS: {local.kms_key_id})")
        w(f"  Cognito user pool     {local.user_pool_id}  app client {local.client_id}")
        w("")
        w("Open:")
        w(f"  {base}/health              health checks (JSON)")
        w(f"  {base}/api/                the browsable API (log in with a demo trader)")
        w(f"  {base}/dashboard/          the moderation dashboard (log in as the staff user)")
        w("")
        w("Demo accounts:")
        for account in accounts:
            role = "staff" if account.is_staff else "trader"
            w(f"  {account.username:<12} {account.password:<20} {role}{', ' + account.note if account.note else ''}")
        w("")
        w("Get a token from the shell:")
        w(f"  curl -s -X POST {base}/api/auth/login -H 'Content-Type: application/json' \\")
        w(f'       -d \'{{"username": "alice", "password": "{demo.DEMO_PASSWORD}"}}\'')
        w("")
        w("Run manage.py commands against this stack (catalog_import, catalog_link, ...) from another shell:")
        exports = " ".join(f"{name}={shlex.quote(value)}" for name, value in local.environ().items() if value)
        w(f"  export {exports}")
        w("  .venv/bin/python manage.py catalog_import catalog/sample/scryfall-sample.json")
        w("")
        w("Data lives in memory: stopping this process discards it; the demo data is re-created at start.")
        w("")
