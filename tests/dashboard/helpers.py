"""Helpers for the dashboard tests: a stocked pair of traders, a proposed trade, CSRF-carrying POSTs."""

from dataclasses import dataclass

from trades.domain.offers import LineRequest
from trades.domain.trades import Party, Trade
from trades.services import trades as trade_services


@dataclass
class Stocked:
    alice: object
    bob: object
    bolt: str
    goyf: str


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


def csrf(client) -> dict:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def act(client, path: str, **form):
    """A dashboard POST with the CSRF token, as the page's form sends it."""
    return client.post(path, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, **form})


def confirmed(client, path: str, reason: str, **form):
    return act(client, path, reason=reason, confirmed="1", **form)
