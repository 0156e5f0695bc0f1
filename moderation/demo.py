"""Demo moderation data for `make run`: a month of trades, reports, holds, a force-decline, notes,
and a suspended trader (mallory), so a fresh start shows a living dashboard.

Runs after the trades seeder. The history is back-dated by moving ``tradeapi.clock.now``
while seeding (demo tooling only), so the 30-day chart has something to draw.
"""

import logging
import random
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta

from accounts.services import profile_create
from accounts.users import CognitoUser
from binders.domain.binders import BinderNameTaken, Visibility
from binders.domain.cards import Condition, Finish
from binders.services.binders import binder_create
from binders.services.cards import card_add
from moderation.services import actions as moderation
from tradeapi import clock
from tradeapi.local import demo
from trades.domain.offers import LineRequest
from trades.domain.trades import Party
from trades.services import trades

logger = logging.getLogger("tradeapi.local")

# Printings of the sample catalog (catalog/sample), named by set + collector number.
STOCK = [
    {"set_code": "M11", "collector_number": "70"},  # Preordain
    {"set_code": "RNA", "collector_number": "246"},  # Breeding Pool
    {"set_code": "MM2", "collector_number": "165", "condition": Condition.LP},  # Tarmogoyf
    {"set_code": "NEO", "collector_number": "266", "finish": Finish.FOIL},  # Boseiju, Who Endures
    {"set_code": "NPH", "collector_number": "35"},  # Gitaxian Probe
    {"set_code": "IKO", "collector_number": "387", "language": "ja"},  # Crystalline Giant
]


@contextmanager
def _clock_at(moment: datetime):
    real = clock.now
    clock.now = lambda: moment
    try:
        yield
    finally:
        clock.now = real


def _stock(sub: str) -> list[str]:
    for name in ("Spares", "Spares for trade"):
        try:
            binder = binder_create(owner_sub=sub, name=name, visibility=Visibility.TRADEABLE)
            break
        except BinderNameTaken:
            continue
    else:
        return []
    return [card_add(owner_sub=sub, binder_id=binder.binder_id, quantity=60, **p)[0].card_id for p in STOCK]


SUSPENDED_USERNAME = "mallory"
DEMO_TRADES = 30


def seed(accounts) -> None:
    """``accounts``: the demo accounts; the first three traders trade, the first staff member moderates."""
    regulars = [a for a in accounts if not a.is_staff][:3]
    staff = next(a for a in accounts if a.is_staff)
    mallory = demo.create_user(SUSPENDED_USERNAME, f"{SUSPENDED_USERNAME}@example.com", demo.DEMO_PASSWORD)
    profile_create(sub=mallory.sub, username=mallory.username, email=mallory.email)
    traders = [*regulars, mallory]
    accounts.append(replace(mallory, note="suspended, for the moderation demo"))
    mod = CognitoUser(sub=staff.sub, username=staff.username, is_staff=True)
    cards = {t.username: _stock(t.sub) for t in traders}
    if not all(cards.values()):
        logger.warning("moderation demo: stock binders exist already; skipped")
        return
    rng = random.Random(2026)
    now = clock.now()
    made = []
    for n in range(DEMO_TRADES):
        proposer, recipient = rng.sample(traders[:3], 2)
        at = now - timedelta(days=29 - n * 29 / DEMO_TRADES, hours=rng.randint(0, 5))
        with _clock_at(at):
            trade = trades.trade_propose(
                actor=Party(proposer.sub, proposer.username),
                recipient_username=recipient.username,
                offered=[LineRequest(rng.choice(cards[proposer.username]), rng.randint(1, 3))],
                requested=[LineRequest(rng.choice(cards[recipient.username]), 1)],
                message="Interested?",
            )
        outcome = rng.random()
        later = at + timedelta(hours=rng.randint(1, 40))
        if at < now - timedelta(days=12) or outcome < 0.55:
            with _clock_at(min(later, now)):
                them = Party(recipient.sub, recipient.username)
                if outcome < 0.7:
                    trades.trade_accept(actor=them, trade_id=trade.trade_id, version=1)
                else:
                    trades.trade_decline(actor=them, trade_id=trade.trade_id, version=1, reason="Not for me")
        made.append(trade)
    _moderation_story(traders, cards, mod, now)
    logger.info("moderation demo: %d trades, reports, holds and a suspended trader (mallory)", len(made))


def _moderation_story(traders, cards, mod, now: datetime) -> None:
    alice, bob, carol, mallory = traders
    party = {t.username: Party(t.sub, t.username) for t in traders}

    def offer(maker, other, days_ago: float, *, gives: tuple[int, int] = (1, 4), takes: int = 2):
        """``gives`` (STOCK index, copies) of the maker's for one copy of the other's STOCK[``takes``]."""
        with _clock_at(now - timedelta(days=days_ago)):
            return trades.trade_propose(
                actor=party[maker.username],
                recipient_username=other.username,
                offered=[LineRequest(cards[maker.username][gives[0]], gives[1])],
                requested=[LineRequest(cards[other.username][takes], 1)],
                message="Quick deal, pay me outside the app",
            )

    # Mallory's offers are lopsided: one Preordain ($0.48) for a foil Boseiju ($29.12).
    scam1, scam2, scam3 = (
        offer(mallory, who, days, gives=(0, 1), takes=3) for who, days in ((bob, 3), (carol, 2), (alice, 1))
    )
    for reporter, trade, reason in (
        (bob, scam1, "Asked me to pay by gift card outside the platform"),
        (carol, scam2, "Same offer to everyone; the Counterspells look fake"),
        (alice, scam3, "Pressuring me to accept within the hour"),
    ):
        moderation.trade_report(actor=party[reporter.username], trade_id=trade.trade_id, reason=reason)
    moderation.trade_note_add(
        moderator=mod, trade_id=scam1.trade_id, text="Three reports against mallory in three days; checking the others."
    )
    moderation.trade_hold(moderator=mod, trade_id=scam1.trade_id, reason="Reported: payment outside the platform")
    moderation.trade_force_decline(moderator=mod, trade_id=scam2.trade_id, reason="Counterfeit cards reported")
    moderation.user_suspend(
        moderator=mod, username=mallory.username, reason="Repeated attempts to take payment outside the platform"
    )

    # A dispute between regulars: reported, held, waiting for a moderator.
    dispute = offer(bob, carol, 0.5)
    moderation.trade_report(
        actor=party[carol.username], trade_id=dispute.trade_id, reason="The condition in the photos does not match LP"
    )
    moderation.trade_hold(moderator=mod, trade_id=dispute.trade_id, reason="Waiting for photos from bob")
