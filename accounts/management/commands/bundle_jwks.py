"""manage.py bundle_jwks: fetch the user pool's JWKS once, for COGNITO_JWKS / COGNITO_JWKS_FILE at deploy time.

A Lambda started with the keys in its configuration verifies its first token
without a network fetch. Refuses moto's shared emulator key unless told otherwise.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from accounts.jwks import JwksProvider, fetch_url


class Command(BaseCommand):
    help = "Fetch the Cognito JWKS and print it (or write it to --out) for COGNITO_JWKS / COGNITO_JWKS_FILE."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=None, help="JWKS URL (default: COGNITO_JWKS_URL)")
        parser.add_argument("--out", default=None, help="write to this file instead of stdout")
        parser.add_argument(
            "--allow-emulator-key", action="store_true", help="accept moto's shared key (kid 'dummy'): local use only"
        )

    def handle(self, *args, url=None, out=None, allow_emulator_key=False, **options):
        url = url or settings.COGNITO_JWKS_URL
        try:
            document = fetch_url(url)
        except Exception as exc:
            raise CommandError(f"could not fetch {url}: {type(exc).__name__}: {exc}") from exc
        try:
            keys = JwksProvider(url, static_jwks=document, refuse_emulator_key=not allow_emulator_key).keys()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:
            raise CommandError(f"{url} did not return a usable JWKS: {exc}") from exc
        if not keys:
            raise CommandError(f"{url} returned no RSA signing keys")
        text = json.dumps({"keys": [k for k in document["keys"] if k.get("kid") in keys]}, separators=(",", ":"))
        if out:
            Path(out).write_text(text)
            self.stderr.write(f"wrote {len(keys)} key(s) to {out}: set COGNITO_JWKS_FILE={out}")
        else:
            self.stdout.write(text)
