"""Template filters for the dashboard."""

from django import template

register = template.Library()


@register.filter
def when(iso: str) -> str:
    """``2026-11-23T07:28:36.123456Z`` → ``2026-11-23 07:28:36`` (UTC)."""
    return (iso or "")[:19].replace("T", " ")


SYMBOLS = {"USD": "$", "EUR": "€"}


@register.filter
def money(value: dict | None) -> str:
    """A value (catalog.values.Value.as_dict) with its source and date: ``$12.34 · scryfall.usd_foil · 2026-11-30``,
    `` · stale`` when the price is more than 48 hours old; ``—`` when there is none."""
    if not value:
        return "—"
    text = f"{SYMBOLS.get(value['currency'], value['currency'] + ' ')}{value['amount']}"
    text += f" · {value['source']} · {value.get('price_date') or 'undated'}"
    return text + (" · STALE" if value.get("stale") else "")


@register.filter
def line_money(valued: dict | None) -> str:
    """A line's value ({unit, line, reason}): the line's value, or why it has none."""
    if not valued:
        return "—"
    if valued.get("reason"):
        return f"unpriced ({valued['reason']})"
    return money(valued["line"])


@register.filter
def total_money(total: dict | None) -> str:
    """A side's total: ``$12.34 · 2 priced, 1 unpriced · prices from 2026-11-30``."""
    if not total:
        return "—"
    text = f"{SYMBOLS.get(total['currency'], total['currency'] + ' ')}{total['amount']}"
    text += f" · {total['priced']} priced, {total['unpriced']} unpriced"
    if total.get("oldest_price_date"):
        text += f" · scryfall prices from {total['oldest_price_date']}"
    return text + (" · STALE" if total.get("stale") else "")
