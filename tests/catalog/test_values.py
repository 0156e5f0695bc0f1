"""Value arithmetic (catalog.values, trades.domain.values): pure domain, no stack."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from catalog.values import (
    DEFAULT_CONDITION_FACTORS,
    NO_PRICE_FOR_FINISH,
    NO_PRICE_IN_CURRENCY,
    NOT_IN_CATALOG,
    PRICE_KEYS,
    Unpriced,
    Value,
    ValueRules,
    balance,
    factors_of,
    is_lopsided,
    is_stale,
    line_value,
    total,
    unit_value,
    value_out,
)
from trades.domain.offers import Offer, TradeLine
from trades.domain.values import frozen_prices, offer_summary, offer_value, with_prices

FACTORS = factors_of(DEFAULT_CONDITION_FACTORS)
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
DATE = "2026-12-01"
PRICES = {"usd": "10.00", "usd_foil": "20.00", "usd_etched": "30.00", "eur": "8.00", "eur_foil": "16.00", "tix": "0.5"}
RULES = ValueRules(factors=FACTORS, fraction=Decimal("0.5"), minimum=Decimal("10.00"), flag_currency="USD")


def _unit(prices=PRICES, *, finish="nonfoil", condition="NM", currency="USD", date=DATE):
    return unit_value(prices, date, finish=finish, condition=condition, currency=currency, factors=FACTORS, now=NOW)


@pytest.mark.parametrize("currency", ["USD", "EUR"])
@pytest.mark.parametrize("finish", ["nonfoil", "foil", "etched"])
@pytest.mark.parametrize("condition", ["NM", "LP", "MP", "HP", "DMG"])
def test_every_finish_currency_and_condition(currency, finish, condition):
    value = _unit(finish=finish, condition=condition, currency=currency)
    key = PRICE_KEYS[currency].get(finish)
    if key is None:  # Cardmarket has no etched price
        assert value == Unpriced(NO_PRICE_FOR_FINISH, currency)
        return
    expected = (Decimal(PRICES[key]) * Decimal(DEFAULT_CONDITION_FACTORS[condition])).quantize(Decimal("0.01"))
    assert value == Value(expected, currency, f"scryfall.{key}", DATE, False)
    assert value.as_dict() == {
        "amount": f"{expected:.2f}",
        "currency": currency,
        "source": f"scryfall.{key}",
        "price_date": DATE,
        "stale": False,
    }


def test_rounding_is_half_up_to_cents_on_the_unit_then_times_quantity():
    # 0.05 × 0.85 = 0.0425 → 0.04; 0.03 × 0.50 = 0.015 → 0.02 (half-up, not banker's 0.02/0.01 either way)
    assert _unit({"usd": "0.05"}, condition="LP").amount == Decimal("0.04")
    assert _unit({"usd": "0.03"}, condition="HP").amount == Decimal("0.02")
    assert _unit({"usd": "0.05"}, condition="HP").amount == Decimal("0.03")  # 0.025 → 0.03
    assert _unit({"usd": "1.15"}, condition="DMG").amount == Decimal("0.35")  # 0.345 → 0.35
    unit, line = line_value(
        {"usd": "0.05"}, DATE, finish="nonfoil", condition="HP", quantity=3, currency="USD", factors=FACTORS, now=NOW
    )
    assert (unit.amount, line.amount) == (Decimal("0.03"), Decimal("0.09"))  # the rounded unit, times 3
    assert value_out(unit, line)["line"]["amount"] == "0.09"
    assert not any(isinstance(v, float) for v in (unit.amount, line.amount))


def test_stale_after_48_hours_from_the_price_dates_midnight():
    midnight = datetime(2026, 11, 30, tzinfo=UTC)
    assert not is_stale("2026-11-30", midnight + timedelta(hours=48))
    assert is_stale("2026-11-30", midnight + timedelta(hours=48, seconds=1))
    assert is_stale(None, midnight) and is_stale("not a date", midnight)
    assert _unit(date="2026-11-30").stale and not _unit(date="2026-12-01").stale  # NOW is 12:00 on 12-02


def test_each_missing_price_reason_and_never_zero():
    assert _unit(None) == Unpriced(NOT_IN_CATALOG, "USD")
    assert _unit({"usd": "1.00", "usd_foil": None}, finish="foil") == Unpriced(NO_PRICE_FOR_FINISH, "USD")
    assert _unit({"usd": "1.00"}, currency="EUR") == Unpriced(NO_PRICE_IN_CURRENCY, "EUR")
    assert _unit({"usd": "junk", "usd_foil": "-1"}) == Unpriced(NO_PRICE_IN_CURRENCY, "USD")
    unit, line = line_value(
        None, None, finish="foil", condition="NM", quantity=2, currency="USD", factors=FACTORS, now=NOW
    )
    assert value_out(unit, line) == {"unit": None, "line": None, "reason": NOT_IN_CATALOG}
    summed = total([_unit({"usd": "2.00"}), unit], "USD")
    assert (summed.amount, summed.priced, summed.unpriced, summed.oldest_price_date) == (Decimal("2.00"), 1, 1, DATE)


def _side(*amounts):
    return total([Value(Decimal(a), "USD", "scryfall.usd", DATE, False) for a in amounts], "USD")


def test_balance_and_the_lopsided_flag_at_its_thresholds():
    assert balance(_side("30.00"), _side("10.00", "5.00")) == {
        "difference": "15.00",
        "ratio": "0.5000",
        "currency": "USD",
    }
    assert balance(_side(), _side())["ratio"] == "1.0000"
    flag = {"fraction": Decimal("0.5"), "minimum": Decimal("10.00")}
    assert not is_lopsided(_side("20.00"), _side("10.00"), **flag)  # exactly half: not under it
    assert is_lopsided(_side("20.00"), _side("9.99"), **flag)
    assert is_lopsided(_side("0.01"), _side("10.01"), **flag)  # either side may be the larger
    assert not is_lopsided(_side("10.00"), _side("0.25"), **flag)  # the larger must be above the minimum
    assert is_lopsided(_side("10.01"), _side("0.25"), **flag)


def _line(card_id, quantity, giver, **card):
    return TradeLine(card_id=card_id, quantity=quantity, giver_sub=giver, card={"finish": "nonfoil", **card})


def test_an_offer_keeps_its_frozen_prices_and_is_valued_in_either_currency():
    cheap = _line("b-1", 1, "p", condition="NM", scryfall_id="cheap")
    dear = _line("b-2", 2, "r", condition="LP", scryfall_id="dear")
    unknown = _line("b-3", 1, "r", scryfall_id="gone")
    frozen = {"cheap": ({"usd": "0.25", "eur": "0.20"}, DATE), "dear": ({"usd": "40.00", "eur": "35.00"}, DATE)}
    offer = Offer(
        made_by="p",
        proposer_gives=(replace_card(cheap, frozen["cheap"]),),
        recipient_gives=(replace_card(dear, frozen["dear"]), replace_card(unknown, None)),
    )
    assert frozen_prices(offer.recipient_gives[1]) is None
    usd = offer_value(offer, frozen_prices, currency="USD", rules=RULES, now=NOW)
    assert usd.line(offer.recipient_gives[0])["unit"]["amount"] == "34.00"  # 40.00 × 0.85
    assert usd.line(offer.recipient_gives[0])["line"]["amount"] == "68.00"
    assert usd.line(offer.recipient_gives[1]) == {"unit": None, "line": None, "reason": NOT_IN_CATALOG}
    assert usd.as_dict()["recipient_gives"]["unpriced"] == 1
    assert usd.as_dict()["balance"] == {"difference": "-67.75", "ratio": "0.0037"}
    eur = offer_value(offer, frozen_prices, currency="EUR", rules=RULES, now=NOW)
    assert eur.as_dict()["recipient_gives"]["amount"] == "59.50"  # 35.00 × 0.85 × 2
    summary = offer_summary(offer, rules=RULES, now=NOW)
    assert summary.lopsided and summary.flag_value == "68.25"
    assert summary.by_currency["EUR"]["proposer_gives"]["amount"] == "0.20"


def replace_card(line, found):
    from dataclasses import replace

    return replace(line, card=with_prices(line.card, found))
