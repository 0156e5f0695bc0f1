"""Trade use cases: propose, counter, accept, decline, cancel, read, list, expire.

Every transition reads the trade (strongly consistent), checks who may do what in
which state, and writes the new trade, its event and both parties' views in one
transaction conditioned on the status and version it read. Accepting adds the card
transfers to that same transaction.
"""

import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings

from accounts.domain import ProfileNotFound
from accounts.repository import profile_counter_action
from accounts.services import profile_get_by_username
from tradeapi import clock
from tradeapi.db import keys
from tradeapi.db.cursors import Page
from tradeapi.db.transactions import TransactionConflict, transact_write
from tradeapi.exceptions import Conflict
from binders.domain.cards import CardsChanging, QuantityLimitExceeded
from trades.domain.trades import (
    ACTIVE,
    MAX_TRANSACTION_ACTIONS,
    CardsUnavailable,
    EventKind,
    InvalidOffer,
    LineRequest,
    NotYourTurn,
    Offer,
    Party,
    RecipientUnavailable,
    Role,
    StaleVersion,
    Trade,
    TradeEvent,
    TradeFinal,
    TradeLine,
    TradeNotFound,
    TradeOnHold,
    TradeStatus,
    check_line_shape,
)
from binders.repository import transfers as card_transfers
from trades.domain.plan import TransferPlan, transfer_plan
from trades.repository import trades as repo

SYSTEM = Party(sub="system", username="system")
ACCEPT_ATTEMPTS = 3


def _expiry_days() -> float:
    return settings.TRADE_EXPIRY_DAYS


def _event(trade: Trade, kind: EventKind | str, actor: Party, note: str = "", by_moderator: bool = False) -> TradeEvent:
    return TradeEvent(trade_id=trade.trade_id, kind=getattr(kind, "value", kind), actor=actor, at=trade.updated_at,
                      version=trade.version, status=trade.status, offer=trade.offer, note=note,
                      by_moderator=by_moderator)


# --- reading ----------------------------------------------------------------------------


def trade_get_for(*, actor: Party, trade_id: str) -> Trade:
    """The trade, if ``actor`` is one of its parties (anyone else: not found); expired lazily."""
    trade = repo.trade_get(trade_id)
    if trade.role_of(actor.sub) is None:
        raise TradeNotFound()
    return _expire_if_due(trade)


def trade_events_for(*, actor: Party, trade_id: str, cursor: str | None = None,
                     limit: int = 100) -> tuple[Trade, Page]:
    """The trade (for its parties' names) and a page of its history, oldest first."""
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    return trade, repo.trade_events(trade_id, cursor=cursor, limit=limit)


def trade_list(*, actor: Party, status: TradeStatus | None = None, role: Role | None = None,
               cursor: str | None = None, limit: int = 50) -> Page:
    """The actor's trades, newest first; a trade past its age shows as EXPIRED before it is marked."""
    page = repo.trade_views(actor.sub, status=status, role=role, cursor=cursor, limit=limit)
    now, days = clock.now(), _expiry_days()
    rows = []
    for view in page.items:
        if view.status in ACTIVE and now >= _expiry(view.created_at, days):
            view = replace(view, status=TradeStatus.EXPIRED)
            if status is not None and status != TradeStatus.EXPIRED:
                continue
        rows.append(view)
    return Page(rows, page.next_cursor)


def _expiry(created_at: str, days: float) -> datetime:
    return clock.parse(created_at) + timedelta(days=days)


def trade_expires_at(trade: Trade) -> str:
    return clock.iso(trade.expires_at(_expiry_days()))


# --- expiry -----------------------------------------------------------------------------


def _expire_if_due(trade: Trade) -> Trade:
    if not trade.is_expired(clock.now(), _expiry_days()):
        return trade
    expired = trade.next(status=TradeStatus.EXPIRED, now=clock.now_iso())
    try:
        transact_write(repo.trade_transition_actions(expired, _event(expired, EventKind.EXPIRED, SYSTEM),
                                                     expected_version=trade.version, expected_status=trade.status))
    except TransactionConflict as exc:
        return _trade_after(exc, trade.trade_id)  # someone else moved it on first: theirs stands
    return expired


def trades_expire(*, batch: int = 100) -> int:
    """Mark every OPEN or COUNTERED trade past its age EXPIRED; returns how many (for the scheduled command)."""
    cutoff = clock.iso(clock.now() - timedelta(days=_expiry_days()))
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


def _offer_lines(*, maker: Party, other: Party, offered: list[LineRequest],
                 requested: list[LineRequest]) -> tuple[tuple[TradeLine, ...], tuple[TradeLine, ...]]:
    """Check and snapshot an offer: ``offered`` from the maker's cards (any binder),
    ``requested`` from the other party's cards in a tradeable binder. One BatchGetItem."""
    check_line_shape(offered, requested)
    cards, binders = card_transfers.read_cards(
        [(maker.sub, line.card_id) for line in offered] + [(other.sub, line.card_id) for line in requested],
        [(other.sub, keys.binder_id_of_card(line.card_id)) for line in requested],
    )
    unavailable = []
    result = []
    for side, giver, lines in (("offered", maker, offered), ("requested", other, requested)):
        taken = []
        for line in lines:
            card = cards.get((giver.sub, line.card_id))
            if side == "requested":
                binder = binders.get((giver.sub, keys.binder_id_of_card(line.card_id)))
                if not binder or binder.get("visibility") != "tradeable":
                    card = None  # a private card is as good as absent, and says nothing of itself
            available = card["quantity"] if card else 0
            if available < line.quantity:
                unavailable.append({"side": side, "card_id": line.card_id, "quantity": line.quantity,
                                    "available": available})
                continue
            taken.append(TradeLine(card_id=line.card_id, quantity=line.quantity, giver_sub=giver.sub,
                                   card=card_transfers.snapshot(card)))
        result.append(tuple(taken))
    if unavailable:
        raise CardsUnavailable("Some lines are not available for trade.", details={"lines": unavailable})
    return result[0], result[1]


def _check_size(trade: Trade) -> None:
    needed = transfer_plan(trade).action_count
    if needed > MAX_TRANSACTION_ACTIONS:
        raise InvalidOffer("This offer touches too many card entries and binders to complete atomically.",
                           details={"lines": f"needs {needed} writes; at most {MAX_TRANSACTION_ACTIONS}"})


def trade_propose(*, actor: Party, recipient_username: str, offered: list[LineRequest],
                  requested: list[LineRequest], message: str = "") -> Trade:
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
    trade = Trade(trade_id=secrets.token_hex(10), proposer=actor, recipient=recipient, status=TradeStatus.OPEN,
                  offer=Offer(made_by=actor.sub, proposer_gives=gives, recipient_gives=takes, message=message),
                  version=1, created_at=now, updated_at=now)
    _check_size(trade)
    actions = repo.trade_create_actions(trade, _event(trade, EventKind.PROPOSED, actor, note=message))
    actions += [profile_counter_action(actor.sub, "trade_count", 1),
                profile_counter_action(recipient.sub, "trade_count", 1)]
    try:
        transact_write(actions)
    except TransactionConflict as exc:
        raise Conflict("Create your profile before trading.", code="profile_required") from exc
    return trade


def trade_counter(*, actor: Party, trade_id: str, version: int, offered: list[LineRequest],
                  requested: list[LineRequest], message: str = "") -> Trade:
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    _guard(trade, actor, version, by="turn", blocked_by_hold=True)
    other = trade.other(actor.sub)
    mine, theirs = _offer_lines(maker=actor, other=other, offered=offered, requested=requested)
    proposer_gives, recipient_gives = (mine, theirs) if actor.sub == trade.proposer.sub else (theirs, mine)
    offer = Offer(made_by=actor.sub, proposer_gives=proposer_gives, recipient_gives=recipient_gives, message=message)
    countered = trade.next(status=TradeStatus.COUNTERED, now=clock.now_iso(), offer=offer)
    _check_size(countered)
    _commit(trade, countered, _event(countered, EventKind.COUNTERED, actor, note=message), require_not_held=True)
    return countered


# --- closing ------------------------------------------------------------------------------


def trade_decline(*, actor: Party, trade_id: str, version: int, reason: str = "") -> Trade:
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    _guard(trade, actor, version, by="turn")
    declined = trade.next(status=TradeStatus.DECLINED, now=clock.now_iso(), decline_reason=reason,
                          declined_by=actor.username, declined_by_moderator=False)
    _commit(trade, declined, _event(declined, EventKind.DECLINED, actor, note=reason))
    return declined


def trade_cancel(*, actor: Party, trade_id: str, version: int) -> Trade:
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    _guard(trade, actor, version, by="maker")
    cancelled = trade.next(status=TradeStatus.CANCELLED, now=clock.now_iso())
    _commit(trade, cancelled, _event(cancelled, EventKind.CANCELLED, actor))
    return cancelled


def trade_accept(*, actor: Party, trade_id: str, version: int) -> Trade:
    """Complete the trade: every card transfer, the trade, its event and views in ONE transaction."""
    trade = trade_get_for(actor=actor, trade_id=trade_id)
    _guard(trade, actor, version, by="turn", blocked_by_hold=True)
    plan = transfer_plan(trade)
    for _ in range(ACCEPT_ATTEMPTS):
        cards, _binders = card_transfers.read_cards(plan.given)
        missing = _unavailable(trade, plan, cards)
        if missing:
            raise CardsUnavailable(details={"lines": missing})
        now = clock.now_iso()
        completed = trade.next(status=TradeStatus.COMPLETED, now=now)
        card_actions, changes = card_transfers.transfer_actions(plan, cards, now)
        actions = repo.trade_transition_actions(completed, _event(completed, EventKind.ACCEPTED, actor),
                                                expected_version=trade.version, expected_status=trade.status,
                                                require_not_held=True)
        first_card = len(actions)
        try:
            transact_write(actions + card_actions)
            return completed
        except TransactionConflict as exc:
            if 0 in exc.failed:
                raise _why_changed(_trade_after(exc, trade_id)) from exc
            failed = [changes[i - first_card] for i in exc.failed if i >= first_card]
            full = [c for c in failed if c is not None and c.receives > c.gives]
            if full and not _unavailable(trade, plan, card_transfers.read_cards(plan.given)[0]):
                raise QuantityLimitExceeded(details={"entries": [
                    {"owner": trade.party(c.owner_sub).username, "card_id": c.card_id, "receives": c.receives}
                    for c in full]}) from exc
            # Otherwise a giver's entry changed between our read and the write: read again, and
            # either name the lines now short, or retry with the quantities as they are now.
    raise CardsChanging()


def _unavailable(trade: Trade, plan: TransferPlan, cards: dict) -> list[dict]:
    """The lines whose giver no longer holds enough of the entry they give from."""
    missing = []
    for ref in plan.given:
        change = plan.entries[ref]
        available = cards[ref]["quantity"] if ref in cards else 0
        if available < change.gives:
            missing += [{"card_id": line.card_id, "giver": trade.party(line.giver_sub).username,
                         "quantity": line.quantity, "available": available} for line in change.lines]
    return missing


# --- rules -------------------------------------------------------------------------------


def _guard(trade: Trade, actor: Party, version: int, *, by: str, blocked_by_hold: bool = False) -> None:
    """Final state → 409; stale version → 409 with the current one; wrong party → 403; held → 409."""
    if trade.status.is_final:
        raise TradeFinal(f"This trade is {trade.status.value.lower()}.", details={"status": trade.status.value})
    if version != trade.version:
        raise StaleVersion(details={"current_version": trade.version})
    if by == "turn" and actor.sub != trade.turn.sub:
        raise NotYourTurn(details={"turn": trade.turn.username})
    if by == "maker" and actor.sub != trade.offer.made_by:
        raise NotYourTurn("Only the party who made the current offer can cancel it.", code="not_offer_maker")
    if blocked_by_hold and trade.held:
        raise TradeOnHold()


def _why_changed(current: Trade) -> Exception:
    if current.status.is_final:
        return TradeFinal(f"This trade is {current.status.value.lower()}.", details={"status": current.status.value})
    if current.held:
        return TradeOnHold()
    return StaleVersion(details={"current_version": current.version})


def _trade_after(exc: TransactionConflict, trade_id: str) -> Trade:
    reason = exc.reasons[0] if exc.reasons else None
    return repo.trade_after_conflict(trade_id, reason)


def _commit(trade: Trade, new: Trade, event: TradeEvent, *, require_not_held: bool = False) -> None:
    actions = repo.trade_transition_actions(new, event, expected_version=trade.version, expected_status=trade.status,
                                            require_not_held=require_not_held)
    try:
        transact_write(actions)
    except TransactionConflict as exc:
        if 0 in exc.failed:
            raise _why_changed(_trade_after(exc, trade.trade_id)) from exc
        raise
