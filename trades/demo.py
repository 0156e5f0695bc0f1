"""Demo trades for `make run`: alice, bob and carol with a trade in every status, each with a message.

Runs after the collections seeder (binders.demo), using the cards in the traders'
tradeable binders, and before the moderation seeder. The expired trade is proposed
with the clock moved back past TRADE_EXPIRY_DAYS (demo tooling only) and then read,
which expires it lazily as any read would.
"""

import logging
from datetime import timedelta

from django.conf import settings

from binders.services.binders import binder_list
from tradeapi import clock
from tradeapi.db import keys
from tradeapi.exceptions import AppError
from trades.domain.offers import LineRequest
from trades.domain.trades import Party
from trades.services import trades as services

logger = logging.getLogger("tradeapi.local")

# (username, tradeable binder name from binders.demo) and printings in it: (set, number, finish, condition, language)
BINDERS = {"alice": "Modern Staples", "bob": "Trade Binder", "carol": "Pauper Cube"}
DRC = ("MH2", "121", "nonfoil", "NM", "en")  # Dragon's Rage Channeler
CONFIDANT = ("MM2", "75", "nonfoil", "NM", "en")  # Dark Confidant
GOYF = ("MM2", "165", "nonfoil", "LP", "en")  # Tarmogoyf
POOL = ("RNA", "246", "nonfoil", "NM", "en")  # Breeding Pool
PROBE = ("NPH", "35", "nonfoil", "MP", "en")  # Gitaxian Probe
DELVER = ("ISD", "51", "nonfoil", "NM", "en")  # Delver of Secrets
STIRRINGS = ("TSR", "355", "nonfoil", "LP", "en")  # Ancient Stirrings
BOOM = ("PLC", "112", "nonfoil", "NM", "en")  # Boom // Bust


def _card(binders: dict, username: str, printing: tuple) -> str:
    """The id collections gave this printing in the trader's tradeable binder."""
    return keys.card_id(binders[username], *printing)


def seed(accounts) -> None:
    people = {a.username: Party(a.sub, a.username) for a in accounts if a.username in BINDERS}
    if len(people) < 3:
        return
    binders = {}
    for username, party in people.items():
        page = binder_list(owner_sub=party.sub, cursor=None, limit=50)
        found = [b.binder_id for b in page.items if b.name == BINDERS[username]]
        if not found:
            logger.warning("trades demo: %s has no %r binder; skipped", username, BINDERS[username])
            return
        binders[username] = found[0]
    alice, bob, carol = (people[name] for name in BINDERS)

    def card(owner: Party, printing: tuple) -> str:
        return _card(binders, owner.username, printing)

    def propose(actor, recipient, offered, requested, message):
        return services.trade_propose(
            actor=actor,
            recipient_username=recipient.username,
            offered=[LineRequest(c, q) for c, q in offered],
            requested=[LineRequest(c, q) for c, q in requested],
            message=message,
        )

    try:
        # OPEN: alice asks bob for his Path to Exile, offering Fatal Push.
        propose(alice, bob, [(card(alice, CONFIDANT), 1)], [(card(bob, POOL), 1)], "Confidant for a Pool?")
        # COUNTERED: bob proposes to carol; carol counters; carol's turn is over, bob's to answer.
        t = propose(bob, carol, [(card(bob, PROBE), 2)], [(card(carol, STIRRINGS), 2)], "Probes for Stirrings")
        services.trade_counter(
            actor=carol,
            trade_id=t.trade_id,
            version=t.version,
            offered=[LineRequest(card(carol, STIRRINGS), 1)],
            requested=[LineRequest(card(bob, PROBE), 2)],
            message="One Stirrings, two Probes?",
        )
        # COMPLETED: carol and alice swap; the Skyfisher lands in alice's default binder.
        t = propose(carol, alice, [(card(carol, BOOM), 1)], [(card(alice, DRC), 1)], "Boom // Bust for a Channeler")
        services.trade_accept(actor=alice, trade_id=t.trade_id, version=t.version)
        # DECLINED: bob wants alice's Tarmogoyf for Llanowar Elves.
        t = propose(bob, alice, [(card(bob, DELVER), 2)], [(card(alice, GOYF), 1)], "Delvers for Goyf, deal?")
        services.trade_decline(actor=alice, trade_id=t.trade_id, version=t.version, reason="Not for Delvers.")
        # CANCELLED: alice withdraws her own offer.
        t = propose(alice, carol, [(card(alice, DRC), 1)], [(card(carol, STIRRINGS), 1)], "Channeler for Stirrings")
        services.trade_cancel(actor=alice, trade_id=t.trade_id, version=t.version)
        # EXPIRED: proposed longer ago than TRADE_EXPIRY_DAYS, expired when first read.
        real_now = clock.now
        clock.now = lambda: real_now() - timedelta(days=settings.TRADE_EXPIRY_DAYS + 1)
        try:
            t = propose(carol, bob, [(card(carol, BOOM), 1)], [(card(bob, DELVER), 1)], "Still around?")
        finally:
            clock.now = real_now
        services.trade_get_for(actor=carol, trade_id=t.trade_id)
    except AppError as exc:  # the demo collections changed shape: say so, and start anyway
        logger.warning("trades demo: %s (%s)", exc.message, exc.code)
