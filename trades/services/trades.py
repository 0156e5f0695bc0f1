"""Trade use cases: propose, counter, accept, decline, cancel, read, list, expire.

Each reads the trade (strongly consistent), lets the domain decide whether the action
is allowed and what the trade becomes, and saves it through the repository, which
conditions the write on the version and status it read.
"""

import secrets
from dataclasses import replace

from django.conf import settings

from accounts.domain import ProfileNotFound
from accounts.services import profile_get_by_username
from binders.domain.binders import Visibility
from binders.domain.cards import CardsChanging, QuantityLimitExceeded
from binders.services.cards import cards_for_trade
from catalog.services import prices_of, value_rules
from tradeapi import clock
from tradeapi.observability import metrics
from tradeapi.paging import Page
from trades.domain.errors import (
    CardsUnavailable,
    InvalidOffer,
    RecipientUnavailable,
    TradeChanged,
    TradeNotFound,
    TransferConflict,
)
from trades.domain.offers import LineRequest, Offer, TradeLine, check_line_shape
from trades.domain.plan import transfer_plan
from trades.domain.trades import Party, Role, Trade, TradeStatus, created_before_expiry, expires_at
from trades.domain.values import (
    OfferValue,
    current_prices,
    frozen_prices,
    offer_summary,
    offer_value,
    with_prices,
)
from trades.repository import trades as repo

SYSTEM = Party(sub="system", username="system")
ACCEPT_ATTEMPTS = 3


def new_trade_id() -> str:
    """20 hex characters (80 random bits, from the kernel: unique per SnapStart restore)."""
    return secrets.token_hex(10)


def _expiry_days() -> float:
    return settings.TRADE_EXPIRY_DAYS


# --- reading ----------------------------------------------------------------------------


def trade_get_for(*, actor: Party, trade_id: str) -> Trade:
    """The trade, if ``actor`` is one of its parties (anyone else: not found); expired lazily."""
    trade = repo.trade_get(trade_id)
    if trade.role_of(actor.sub) is None:
        raise TradeNotFound()
    return _expire_if_due(trade)


def trade_events_for(*, actor: Party, trade_id: str, cursor: str | None = None, limit: int = 100) -> tuple[Trade, Page]:
    """The trade (for its parties' names) and a page of its history, oldest first."""
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    return trade, repo.trade_events(trade_id, cursor=cursor, limit=limit)


def trade_list(
    *,
    actor: Party,
    status: TradeStatus | None = None,
    role: Role | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """The actor's trades, newest first; a trade past its age shows as EXPIRED before it is marked."""
    page = repo.trade_views(actor.sub, status=status, role=role, cursor=cursor, limit=limit)
    now, days = clock.now(), _expiry_days()
    rows = []
    for view in page.items:
        if view.is_expired(now, days):
            view = replace(view, status=TradeStatus.EXPIRED)
            if status is not None and status != TradeStatus.EXPIRED:
                continue
        rows.append(view)
    return Page(rows, page.next_cursor, page.previous_cursor)


def trade_expires_at(trade: Trade) -> str:
    return clock.iso(expires_at(trade.created_at, _expiry_days()))


# --- expiry -----------------------------------------------------------------------------


def _expire_if_due(trade: Trade) -> Trade:
    if not trade.is_expired(clock.now(), _expiry_days()):
        return trade
    expired = trade.expire(now=clock.now_iso())
    try:
        repo.trade_save(trade, expired, expired.event("expire", SYSTEM))
    except TradeChanged as exc:
        return exc.current  # someone else moved it on first: theirs stands
    return expired


def trades_expire(*, batch: int = 100) -> int:
    """Mark every OPEN or COUNTERED trade past its age EXPIRED; returns how many (for the scheduled command)."""
    cutoff = clock.iso(created_before_expiry(clock.now(), _expiry_days()))
    expired = 0
    for status in (TradeStatus.OPEN, TradeStatus.COUNTERED):
        cursor = None
        while True:
            page = repo.trades_by_status(status, cursor, batch, created_before=cutoff)
            for candidate in page.items:
                fresh = repo.trade_get(candidate.trade_id)  # the index may lag: decide on the item itself
                if _expire_if_due(fresh).status == TradeStatus.EXPIRED and fresh.status != TradeStatus.EXPIRED:
                    expired += 1
            cursor = page.next_cursor
            if not cursor:
                break
    return expired


# --- proposing and countering -----------------------------------------------------------


def _offer_lines(
    *, maker: Party, other: Party, offered: list[LineRequest], requested: list[LineRequest]
) -> tuple[tuple[TradeLine, ...], tuple[TradeLine, ...]]:
    """Check and snapshot an offer: ``offered`` from the maker's cards (any binder),
    ``requested`` from the other party's cards in a tradeable binder. One BatchGetItem."""
    check_line_shape(offered, requested)
    cards, binders = cards_for_trade(
        entries=[(maker.sub, line.card_id) for line in offered] + [(other.sub, line.card_id) for line in requested],
        binders=[(other.sub, line.binder_id) for line in requested],
    )
    unavailable = []
    result = []
    for side, giver, lines in (("offered", maker, offered), ("requested", other, requested)):
        taken = []
        for line in lines:
            card = cards.get((giver.sub, line.card_id))
            if side == "requested":
                binder = binders.get((giver.sub, line.binder_id))
                if binder is None or binder.visibility is not Visibility.TRADEABLE:
                    card = None  # a private card is as good as absent, and says nothing of itself
            available = card.quantity if card else 0
            if available < line.quantity:
                unavailable.append(
                    {"side": side, "card_id": line.card_id, "quantity": line.quantity, "available": available}
                )
                continue
            taken.append(
                TradeLine(card_id=line.card_id, quantity=line.quantity, giver_sub=giver.sub, card=card.snapshot())
            )
        result.append(tuple(taken))
    if unavailable:
        raise CardsUnavailable("Some lines are not available for trade.", details={"lines": unavailable})
    # Freeze the catalog's prices of the moment into every line: one BatchGetItem of the distinct printings.
    found = prices_of(line.card.get("scryfall_id") for side in result for line in side)
    priced = current_prices(found)
    return tuple(tuple(replace(line, card=with_prices(line.card, priced(line))) for line in side) for side in result)


def _valued(trade: Trade) -> Trade:
    """The trade with its current offer's frozen value: totals by currency, the lopsided flag."""
    return trade.with_offer_summary(offer_summary(trade.offer, rules=value_rules(), now=clock.now()))


# --- values (docs/values.md) -------------------------------------------------------------


def offer_value_at_offer(offer, *, currency: str) -> OfferValue:
    """The offer valued with the prices frozen into it (no DynamoDB call)."""
    return offer_value(offer, frozen_prices, currency=currency, rules=value_rules(), now=clock.now())


def trade_values(trade: Trade, *, currency: str, current: bool = True) -> tuple[OfferValue, OfferValue | None]:
    """(the current offer at its offer's prices, and at today's catalog prices). "now" costs one
    BatchGetItem of the trade's distinct printings (none when ``current`` is false: then None)."""
    at_offer = offer_value_at_offer(trade.offer, currency=currency)
    if not current:
        return at_offer, None
    found = prices_of(line.card.get("scryfall_id") for line in trade.offer.lines)
    now = offer_value(trade.offer, current_prices(found), currency=currency, rules=value_rules(), now=clock.now())
    return at_offer, now


def trade_propose(
    *,
    actor: Party,
    recipient_username: str,
    offered: list[LineRequest],
    requested: list[LineRequest],
    message: str = "",
) -> Trade:
    check_line_shape(offered, requested)
    try:
        profile = profile_get_by_username(username=recipient_username)
    except ProfileNotFound:
        raise InvalidOffer("No such trader.", details={"recipient": "no such trader"}) from None
    if profile.sub == actor.sub:
        raise InvalidOffer("You cannot trade with yourself.", details={"recipient": "cannot be yourself"})
    if profile.suspended:
        raise RecipientUnavailable()
    recipient = Party(profile.sub, profile.username)
    gives, takes = _offer_lines(maker=actor, other=recipient, offered=offered, requested=requested)
    now = clock.now_iso()
    trade = Trade(
        trade_id=new_trade_id(),
        proposer=actor,
        recipient=recipient,
        status=TradeStatus.OPEN,
        offer=Offer(made_by=actor.sub, proposer_gives=gives, recipient_gives=takes, message=message),
        version=1,
        created_at=now,
        updated_at=now,
    )
    trade = _valued(trade)
    transfer_plan(trade).check_size()
    repo.trade_create(trade, trade.event("propose", actor, note=message))
    metrics.count("TradesProposed")
    return trade


def trade_counter(
    *,
    actor: Party,
    trade_id: str,
    version: int,
    offered: list[LineRequest],
    requested: list[LineRequest],
    message: str = "",
) -> Trade:
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    trade.check("counter", actor=actor, version=version)
    mine, theirs = _offer_lines(maker=actor, other=trade.other(actor.sub), offered=offered, requested=requested)
    proposer_gives, recipient_gives = (mine, theirs) if actor.sub == trade.proposer.sub else (theirs, mine)
    offer = Offer(made_by=actor.sub, proposer_gives=proposer_gives, recipient_gives=recipient_gives, message=message)
    countered = _valued(trade.counter(actor=actor, version=version, offer=offer, now=clock.now_iso()))
    transfer_plan(countered).check_size()
    _save(trade, countered, countered.event("counter", actor, note=message), require_not_held=True)
    return countered


# --- closing ------------------------------------------------------------------------------


def trade_decline(*, actor: Party, trade_id: str, version: int, reason: str = "") -> Trade:
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    declined = trade.decline(actor=actor, version=version, reason=reason, now=clock.now_iso())
    _save(trade, declined, declined.event("decline", actor, note=reason))
    return declined


def trade_cancel(*, actor: Party, trade_id: str, version: int) -> Trade:
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    cancelled = trade.cancel(actor=actor, version=version, now=clock.now_iso())
    _save(trade, cancelled, cancelled.event("cancel", actor))
    return cancelled


def trade_accept(*, actor: Party, trade_id: str, version: int) -> Trade:
    """Complete the trade: every card transfer, the trade, its event and views in ONE transaction."""
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    trade.check("accept", actor=actor, version=version)
    plan = transfer_plan(trade)
    for _ in range(ACCEPT_ATTEMPTS):
        held = _held(plan)
        missing = plan.shortfalls(trade, {ref: entry.quantity for ref, entry in held.items()})
        if missing:
            raise CardsUnavailable(details={"lines": missing})
        completed = trade.accept(actor=actor, version=version, now=clock.now_iso())
        try:
            repo.trade_complete(trade, completed, completed.event("accept", actor), plan, held)
            metrics.count("TradesCompleted")
            return completed
        except TradeChanged as exc:
            raise exc.current.refusal() from exc
        except TransferConflict as exc:
            full = [change for change in exc.changes if change.receives > change.gives]
            now_held = {ref: entry.quantity for ref, entry in _held(plan).items()}
            if full and not plan.shortfalls(trade, now_held):
                raise QuantityLimitExceeded(
                    details={
                        "entries": [
                            {"owner": trade.party(c.owner_sub).username, "card_id": c.card_id, "receives": c.receives}
                            for c in full
                        ]
                    }
                ) from exc
            # Otherwise a giver's entry changed between our read and the write: read again, and
            # either name the lines now short, or retry with the quantities as they are now.
    raise CardsChanging()


def _held(plan) -> dict:
    """The givers' entries as they are now (one strongly consistent BatchGetItem)."""
    cards, _ = cards_for_trade(entries=plan.given)
    return cards


def _save(trade: Trade, new: Trade, event, *, require_not_held: bool = False) -> None:
    try:
        repo.trade_save(trade, new, event, require_not_held=require_not_held)
    except TradeChanged as exc:
        raise exc.current.refusal() from exc
