"""What a card is worth: a catalog price for its finish and currency, times its condition's factor.

Money is Decimal, never float, rounded half-up to cents once, at the unit value; a line is the
unit value times the quantity, a total the sum of lines. Every value keeps where its price came
from (``scryfall.usd_foil``) and the price's date; a missing price is never 0 but ``Unpriced``
with its reason. Plain Python: the condition factors and the clock are given by the caller.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CURRENCIES = ("USD", "EUR")
DEFAULT_CURRENCY = "USD"
# Scryfall's price keys by currency and finish: usd* are TCGplayer's, eur* Cardmarket's (no etched price).
PRICE_KEYS = {
    "USD": {"nonfoil": "usd", "foil": "usd_foil", "etched": "usd_etched"},
    "EUR": {"nonfoil": "eur", "foil": "eur_foil"},
}
DEFAULT_CONDITION_FACTORS = {"NM": "1.00", "LP": "0.85", "MP": "0.70", "HP": "0.50", "DMG": "0.30"}
STALE_AFTER = timedelta(hours=48)
CENT = Decimal("0.01")

NO_PRICE_FOR_FINISH = "no_price_for_finish"  # the currency has prices for this printing, not in this finish
NO_PRICE_IN_CURRENCY = "no_price_in_currency"  # no price for this printing in this currency at all
NOT_IN_CATALOG = "not_in_catalog"  # the entry names no printing the catalog has
REASONS = (NO_PRICE_FOR_FINISH, NO_PRICE_IN_CURRENCY, NOT_IN_CATALOG)


@dataclass(frozen=True)
class Value:
    amount: Decimal
    currency: str
    source: str  # "scryfall.usd_foil"
    price_date: str | None  # YYYY-MM-DD
    stale: bool

    def times(self, quantity: int) -> "Value":
        return Value(self.amount * quantity, self.currency, self.source, self.price_date, self.stale)

    def as_dict(self) -> dict:
        return {
            "amount": f"{self.amount:.2f}",
            "currency": self.currency,
            "source": self.source,
            "price_date": self.price_date,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class Unpriced:
    reason: str
    currency: str

    def times(self, quantity: int) -> "Unpriced":
        return self

    def as_dict(self) -> None:
        return None


def is_stale(price_date: str | None, now: datetime) -> bool:
    """True when the price is more than 48 hours old (a date counts from its midnight, UTC), or undated."""
    if not price_date:
        return True
    try:
        dated = datetime.strptime(price_date, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return True
    return now - dated > STALE_AFTER


def factors_of(configured: dict) -> dict[str, Decimal]:
    """Condition factors as Decimals (from strings: settings hold them as text, never floats)."""
    return {condition: Decimal(str(factor)) for condition, factor in configured.items()}


def unit_value(
    prices: dict | None,
    prices_date: str | None,
    *,
    finish: str,
    condition: str,
    currency: str,
    factors: dict[str, Decimal],
    now: datetime,
) -> Value | Unpriced:
    """One copy's value: the price for ``finish`` in ``currency`` × the condition factor, half-up to cents."""
    if prices is None:
        return Unpriced(NOT_IN_CATALOG, currency)
    keys = PRICE_KEYS[currency]
    key = keys.get(finish)
    price = _decimal(prices.get(key)) if key else None
    if price is None:
        has_any = any(_decimal(prices.get(k)) is not None for k in keys.values())
        return Unpriced(NO_PRICE_FOR_FINISH if has_any else NO_PRICE_IN_CURRENCY, currency)
    amount = (price * factors[condition]).quantize(CENT, rounding=ROUND_HALF_UP)
    return Value(amount, currency, f"scryfall.{key}", prices_date, is_stale(prices_date, now))


def _decimal(text) -> Decimal | None:
    if not isinstance(text, str):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


@dataclass(frozen=True)
class Total:
    """The sum of some lines' values: the amount of the priced ones, how many were priced and not,
    and the oldest price date used (so a total says how old its worst number is)."""

    amount: Decimal
    currency: str
    priced: int
    unpriced: int
    oldest_price_date: str | None
    stale: bool

    def as_dict(self) -> dict:
        return {
            "amount": f"{self.amount:.2f}",
            "currency": self.currency,
            "priced": self.priced,
            "unpriced": self.unpriced,
            "oldest_price_date": self.oldest_price_date,
            "stale": self.stale,
        }


def total(values, currency: str) -> Total:
    """The sum of line values (Value or Unpriced, each already times its quantity)."""
    amount, priced, unpriced, dates, stale = Decimal("0.00"), 0, 0, [], False
    for value in values:
        if isinstance(value, Value):
            amount += value.amount
            priced += 1
            stale = stale or value.stale
            if value.price_date:
                dates.append(value.price_date)
        else:
            unpriced += 1
    return Total(amount, currency, priced, unpriced, min(dates) if dates else None, stale)


def balance(mine: Total, theirs: Total) -> dict:
    """The difference between two sides (first minus second) and the ratio of the smaller to the larger
    (1.00 when both are 0; 4 decimal places, half-up)."""
    larger, smaller = max(mine.amount, theirs.amount), min(mine.amount, theirs.amount)
    ratio = Decimal("1") if larger == 0 else (smaller / larger)
    return {
        "difference": f"{mine.amount - theirs.amount:.2f}",
        "ratio": f"{ratio.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP)}",
        "currency": mine.currency,
    }


def is_lopsided(a: Total, b: Total, *, fraction: Decimal, minimum: Decimal) -> bool:
    """The smaller side is worth less than ``fraction`` of the larger, and the larger is above ``minimum``."""
    larger, smaller = max(a.amount, b.amount), min(a.amount, b.amount)
    return larger > minimum and smaller < larger * fraction


@dataclass(frozen=True)
class ValueRules:
    """The configured rules (settings → catalog.services.value_rules): condition factors and the lopsided flag."""

    factors: dict[str, Decimal]
    fraction: Decimal
    minimum: Decimal
    flag_currency: str


def line_value(
    prices: dict | None,
    prices_date: str | None,
    *,
    finish: str,
    condition: str,
    quantity: int,
    currency: str,
    factors: dict[str, Decimal],
    now: datetime,
) -> tuple[Value | Unpriced, Value | Unpriced]:
    """(one copy's value, the line's: the unit value × ``quantity``)."""
    unit = unit_value(
        prices, prices_date, finish=finish, condition=condition, currency=currency, factors=factors, now=now
    )
    return unit, unit.times(quantity)


def value_out(unit: Value | Unpriced, line: Value | Unpriced) -> dict:
    """A line's value as the API answers it: {"unit": V|None, "line": V|None, "reason": None|code}."""
    return {
        "unit": unit.as_dict(),
        "line": line.as_dict(),
        "reason": unit.reason if isinstance(unit, Unpriced) else None,
    }
