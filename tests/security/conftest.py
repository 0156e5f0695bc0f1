"""Fixtures for the security suite: limits turned on, and traders holding cards to trade."""

import pytest

from tests.trades.helpers import add_card, make_binder


@pytest.fixture
def limits(settings):
    """limits(**rates) turns the named limits on for the test ("card_writes" means "card-writes")."""

    def turn_on(**rates: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **{k.replace("_", "-"): v for k, v in rates.items()}}

    return turn_on


@pytest.fixture
def stocked(alice, bob):
    """Alice and Bob, each with a tradeable binder holding a card (``.card``)."""
    for trader, set_code in ((alice, "LEA"), (bob, "LEB")):
        trader.binder = make_binder(trader.sub)
        trader.card = add_card(trader.sub, trader.binder, 5, set_code=set_code)
    return alice, bob
