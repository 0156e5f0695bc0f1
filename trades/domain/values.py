"""What an offer is worth: each line's value, each side's total, the balance and the lopsided flag.

Plain Python over catalog.values. At each offer (propose, counter) the catalog's prices of every
line are frozen into the line's card snapshot (``prices``, ``prices_date``), so the offer and its
event keep the values of that moment ("at_offer"); "now" values the same lines with the prices the
catalog has today. A line whose card names no printing the catalog has is unpriced, reason
``not_in_catalog``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from catalog.values import (
    CURRENCIES,
    Total,
    Unpriced,
    Value,
    ValueRules,
    balance,
    is_lopsided,
    line_value,
    total,
    value_out,
)
from trades.domain.offers import Offer, TradeLine

# line → (its six prices, their date), or None when the catalog has no price record for it
PriceLookup = Callable[[TradeLine], tuple[dict, str | None] | None]


def with_prices(card: dict, found: tuple[dict, str | None] | None) -> dict:
    """A line's card snapshot with the catalog's prices of the moment frozen in (none: not in the catalog)."""
    if found is None:
        return {k: v for k, v in card.items() if k not in ("prices", "prices_date")}
    prices, prices_date = found
    return {**card, "prices": dict(prices), "prices_date": prices_date}


def frozen_prices(line: TradeLine) -> tuple[dict, str | None] | None:
    """The prices frozen into the line at its offer (None: the card was not in the catalog, or the
    trade predates values)."""
    if not isinstance(line.card.get("prices"), dict):
        return None
    return line.card["prices"], line.card.get("prices_date")


def current_prices(found: dict[str, tuple[dict, str | None]]) -> PriceLookup:
    """A lookup over today's catalog prices, by the line's printing."""
    return lambda line: found.get(line.card.get("scryfall_id") or "")


@dataclass(frozen=True)
class OfferValue:
    """One offer valued in one currency with one set of prices."""

    currency: str
    lines: dict[tuple[str, str], tuple[Value | Unpriced, Value | Unpriced]]  # (giver_sub, card_id) → (unit, line)
    proposer_gives: Total
    recipient_gives: Total

    def line(self, line: TradeLine) -> dict:
        return value_out(*self.lines[(line.giver_sub, line.card_id)])

    @property
    def balance(self) -> dict:
        """proposer_gives − recipient_gives, and the smaller side / the larger."""
        return balance(self.proposer_gives, self.recipient_gives)

    def as_dict(self) -> dict:
        return {
            "proposer_gives": self.proposer_gives.as_dict(),
            "recipient_gives": self.recipient_gives.as_dict(),
            "balance": {k: v for k, v in self.balance.items() if k != "currency"},
        }


def offer_value(offer: Offer, prices: PriceLookup, *, currency: str, rules: ValueRules, now: datetime) -> OfferValue:
    lines = {}
    sides = []
    for side in (offer.proposer_gives, offer.recipient_gives):
        values = []
        for line in side:
            found = prices(line)
            unit, whole = line_value(
                found[0] if found else None,
                found[1] if found else None,
                finish=line.card.get("finish", "nonfoil"),
                condition=line.card.get("condition", "NM"),
                quantity=line.quantity,
                currency=currency,
                factors=rules.factors,
                now=now,
            )
            lines[(line.giver_sub, line.card_id)] = (unit, whole)
            values.append(whole)
        sides.append(total(values, currency))
    return OfferValue(currency, lines, sides[0], sides[1])


@dataclass(frozen=True)
class OfferSummary:
    """What a trade keeps of its current offer's frozen value: both sides' totals and the balance in
    every currency (list rows show them without reading a price), the lopsided flag, and the total of
    both sides in the flag's currency (the overview's value completed per day)."""

    by_currency: dict  # currency → OfferValue.as_dict()
    lopsided: bool
    flag_value: str  # both sides, in rules.flag_currency, "12.34"


def offer_summary(offer: Offer, *, rules: ValueRules, now: datetime) -> OfferSummary:
    """The offer valued with its frozen prices, in every currency; lopsided by the flag currency's totals."""
    valued = {c: offer_value(offer, frozen_prices, currency=c, rules=rules, now=now) for c in CURRENCIES}
    flag = valued[rules.flag_currency]
    return OfferSummary(
        by_currency={c: v.as_dict() for c, v in valued.items()},
        lopsided=is_lopsided(flag.proposer_gives, flag.recipient_gives, fraction=rules.fraction, minimum=rules.minimum),
        flag_value=f"{flag.proposer_gives.amount + flag.recipient_gives.amount:.2f}",
    )
