"""Entry points for scheduled Lambda invocations (Zappa ``events``), e.g. hourly trade expiry.

zappa_settings.json::

    "events": [{"function": "trades.schedule.expire_trades", "expression": "rate(1 hour)"}]
"""

import os


def expire_trades(event=None, context=None) -> dict:
    """Mark OPEN/COUNTERED trades older than TRADE_EXPIRY_DAYS as EXPIRED; returns the count."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradeapi.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from trades.services.trades import trades_expire

    return {"expired": trades_expire()}
