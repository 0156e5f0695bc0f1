"""What a binder or a whole collection is worth: every entry's value summed (plain Python over catalog.values)."""

from dataclasses import dataclass
from datetime import datetime

from catalog.values import ValueRules, line_value, total


@dataclass(frozen=True)
class Holding:
    """What valuing a card entry needs of it."""

    scryfall_id: str | None
    finish: str
    condition: str
    quantity: int


def collection_value(entries, prices: dict, *, currency: str, rules: ValueRules, now: datetime) -> dict:
    """The answer of GET …/value: the total, the count of priced and unpriced entries (by reason), and the
    oldest price date used. ``prices`` is {scryfall_id: (six prices, their date)} of today's catalog."""
    values, reasons = [], {}
    for entry in entries:
        found = prices.get(entry.scryfall_id or "")
        unit, whole = line_value(
            found[0] if found else None,
            found[1] if found else None,
            finish=entry.finish,
            condition=entry.condition,
            quantity=entry.quantity,
            currency=currency,
            factors=rules.factors,
            now=now,
        )
        values.append(whole)
        if not hasattr(unit, "amount"):
            reasons[unit.reason] = reasons.get(unit.reason, 0) + 1
    summed = total(values, currency)
    return {
        "currency": currency,
        "total": summed.as_dict(),
        "entries": {"priced": summed.priced, "unpriced": summed.unpriced, "unpriced_by_reason": reasons},
        "copies": sum(entry.quantity for entry in entries),
        "oldest_price_date": summed.oldest_price_date,
        "stale": summed.stale,
        "source": f"scryfall ({'TCGplayer' if currency == 'USD' else 'Cardmarket'} prices), x condition factor",
    }
