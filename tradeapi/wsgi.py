"""WSGI entry point (the dev server and Zappa's Lambda handler both load it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradeapi.settings")

application = get_wsgi_application()
