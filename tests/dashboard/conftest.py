"""Fixtures for the dashboard tests: a logged-in staff browser, and a trade between two stocked traders."""

from dataclasses import dataclass

import pytest

from tests.trades.helpers import add_card, make_binder
from trades.domain.offers import LineRequest
from trades.domain.trades import Party, Trade
from trades.services import trades as trade_services


@dataclass
class Stocked:
    alice: object
    bob: object
    bolt: str
    goyf: str


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


def party(trader) -> Party:
    return Party(trader.sub, trader.username)


def propose(stocked: Stocked, message: str = "") -> Trade:
    """alice offers a Bolt for bob's Tarmogoyf: bob's turn (accept, counter, decline)."""
    return trade_services.trade_propose(
        actor=party(stocked.alice),
        recipient_username=stocked.bob.username,
        offered=[LineRequest(stocked.bolt, 1)],
        requested=[LineRequest(stocked.goyf, 1)],
        message=message,
    )


@pytest.fixture
def trade(stocked) -> Trade:
    return propose(stocked)


def csrf(client) -> dict:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def act(client, path: str, **form):
    """A dashboard POST with the CSRF token, as the page's form sends it."""
    return client.post(path, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, **form})


def confirmed(client, path: str, reason: str, **form):
    return act(client, path, reason=reason, confirmed="1", **form)
