"""Fixtures for the dashboard tests: a logged-in staff browser, and a trade between two stocked traders."""

import pytest

from tests.dashboard.helpers import Stocked, propose
from tests.trades.helpers import add_card, make_binder
from trades.domain.trades import Trade


@pytest.fixture
def staff(make_trader):
    return make_trader("mod", staff=True)


@pytest.fixture
def staff_browser(staff, browser_client):
    """A django.test.Client (CSRF checks on) logged in as staff through the real login page."""
    return browser_client(staff.username)


@pytest.fixture
def stocked(alice, bob) -> Stocked:
    a_binder, b_binder = make_binder(alice.sub), make_binder(bob.sub)
    return Stocked(
        alice,
        bob,
        add_card(alice.sub, a_binder, 10, set_code="M10", number="146", name="Lightning Bolt"),
        add_card(bob.sub, b_binder, 10, set_code="FUT", number="153", name="Tarmogoyf"),
    )


@pytest.fixture
def trade(stocked) -> Trade:
    return propose(stocked)
