"""Trades: the lifecycle as plain data, its rules, and its domain errors (no Django, no boto3).

Every change of a trade is a method of ``Trade`` checked against one table,
``TRANSITIONS``: who may take each action, from which statuses, whether a hold
blocks it, and the status it leads to.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from tradeapi.clock import parse
from trades.domain.errors import (
    AlreadyHeld,
    NotHeld,
    NotYourTurn,
    StaleVersion,
    TradeFinal,
    TradeOnHold,
)
from trades.domain.lifecycle import (
    ACTIVE,
    MODERATOR_STALE,
    PARTY_ACTIONS,
    TRANSITIONS,
    Actor,
    EventKind,
    TradeStatus,
    Transition,
)
from trades.domain.offers import Offer
from trades.domain.values import OfferSummary


class Role(str, Enum):
    PROPOSER = "proposer"
    RECIPIENT = "recipient"


@dataclass(frozen=True)
class Party:
    sub: str
    username: str


@dataclass(frozen=True)
class Trade:
    trade_id: str
    proposer: Party
    recipient: Party
    status: TradeStatus
    offer: Offer
    version: int
    created_at: str
    updated_at: str
    held: bool = False
    decline_reason: str = ""
    declined_by: str = ""  # username of whoever declined (a party, or a moderator)
    declined_by_moderator: bool = False
    # The current offer's frozen value (trades.domain.values.offer_summary), set at each offer.
    lopsided: bool = False
    values: dict = field(default_factory=dict)  # currency → {proposer_gives, recipient_gives, balance}
    offer_value: str = ""  # both sides in the flag currency: what the overview sums per day

    def with_offer_summary(self, summary: "OfferSummary") -> "Trade":
        return replace(self, lopsided=summary.lopsided, values=summary.by_currency, offer_value=summary.flag_value)

    def role_of(self, sub: str) -> Role | None:
        if sub == self.proposer.sub:
            return Role.PROPOSER
        if sub == self.recipient.sub:
            return Role.RECIPIENT
        return None

    def party(self, sub: str) -> Party:
        return self.proposer if sub == self.proposer.sub else self.recipient

    def other(self, sub: str) -> Party:
        return self.recipient if sub == self.proposer.sub else self.proposer

    @property
    def turn(self) -> Party | None:
        """The party who may accept, counter or decline: the one who did not make the current offer."""
        return None if self.status.is_final else self.other(self.offer.made_by)

    def expires_at(self, days: float) -> datetime:
        return expires_at(self.created_at, days)

    def is_expired(self, now: datetime, days: float) -> bool:
        return not self.status.is_final and now >= self.expires_at(days)

    # --- the lifecycle: every change goes through check() and _next() ---------------------

    def check(self, action: str, *, actor: Party | None = None, version: int | None = None) -> Transition:
        """Raise the domain error that forbids ``action`` now; return its transition.

        A party's action: closed trade → stale version → wrong party → hold. A moderator
        acts on what the dashboard showed, so a changed trade is reported before a closed one.
        """
        rule = TRANSITIONS[action]
        checks = (
            [self._check_open, self._check_version]
            if rule.by is not Actor.MODERATOR
            else [self._check_version, self._check_open]
        )
        for check in checks:
            check(rule, version)
        if rule.by is Actor.TURN and (actor is None or actor.sub != self.turn.sub):
            raise NotYourTurn(details={"turn": self.turn.username})
        if rule.by is Actor.MAKER and (actor is None or actor.sub != self.offer.made_by):
            raise NotYourTurn("Only the party who made the current offer can cancel it.", code="not_offer_maker")
        if rule.blocked_by_hold and self.held:
            raise TradeOnHold()
        return rule

    def allowed(self, actor: Party) -> list[str]:
        """The party actions ``actor`` may take on this trade now (counter, accept, decline, cancel)."""
        allowed = []
        for action in PARTY_ACTIONS:
            try:
                self.check(action, actor=actor, version=self.version)
            except (TradeFinal, NotYourTurn, TradeOnHold, StaleVersion):
                continue
            allowed.append(action)
        return allowed

    def _check_open(self, rule: Transition, version: int | None) -> None:
        if self.status.is_final and not rule.from_final:
            raise self.closed()

    def _check_version(self, rule: Transition, version: int | None) -> None:
        if version is not None and version != self.version:
            message = MODERATOR_STALE if rule.by is Actor.MODERATOR else None
            raise StaleVersion(message, details={"current_version": self.version})

    def closed(self) -> "TradeFinal":
        return TradeFinal(f"This trade is {self.status.value.lower()}.", details={"status": self.status.value})

    def refusal(self) -> Exception:
        """Why a write conditioned on an older version of this trade failed: this is the trade now."""
        if self.status.is_final:
            return self.closed()
        if self.held:
            return TradeOnHold()
        return StaleVersion(details={"current_version": self.version})

    def _next(self, action: str, now: str, **changes) -> "Trade":
        rule = TRANSITIONS[action]
        status = rule.to or self.status
        return replace(self, status=status, version=self.version + 1, updated_at=now, **changes)

    def counter(self, *, actor: Party, version: int, offer: "Offer", now: str) -> "Trade":
        self.check("counter", actor=actor, version=version)
        return self._next("counter", now, offer=offer)

    def accept(self, *, actor: Party, version: int, now: str) -> "Trade":
        self.check("accept", actor=actor, version=version)
        return self._next("accept", now)

    def decline(self, *, actor: Party, version: int, reason: str, now: str) -> "Trade":
        self.check("decline", actor=actor, version=version)
        return self._next(
            "decline", now, decline_reason=reason, declined_by=actor.username, declined_by_moderator=False
        )

    def cancel(self, *, actor: Party, version: int, now: str) -> "Trade":
        self.check("cancel", actor=actor, version=version)
        return self._next("cancel", now)

    def expire(self, *, now: str) -> "Trade":
        self.check("expire")
        return self._next("expire", now)

    def hold(self, *, version: int | None, now: str) -> "Trade":
        self.check("hold", version=version)
        if self.held:
            raise AlreadyHeld()
        return self._next("hold", now, held=True)

    def release(self, *, version: int | None, now: str) -> "Trade":
        self.check("release", version=version)
        if not self.held:
            raise NotHeld()
        return self._next("release", now, held=False)

    def force_decline(self, *, moderator: Party, version: int | None, reason: str, now: str) -> "Trade":
        self.check("force_decline", version=version)
        return self._next(
            "force_decline",
            now,
            held=False,
            decline_reason=reason,
            declined_by=moderator.username,
            declined_by_moderator=True,
        )

    def event(self, action: str, actor: Party, *, note: str = "") -> "TradeEvent":
        """The history entry of this trade's latest change (``action`` from TRANSITIONS, or "propose")."""
        if action == "propose":
            kind, by_moderator = EventKind.PROPOSED.value, False
        else:
            rule = TRANSITIONS[action]
            kind, by_moderator = rule.event, rule.by is Actor.MODERATOR
        return TradeEvent(
            trade_id=self.trade_id,
            kind=kind,
            actor=actor,
            at=self.updated_at,
            version=self.version,
            status=self.status,
            offer=self.offer,
            note=note,
            by_moderator=by_moderator,
        )


@dataclass(frozen=True)
class TradeEvent:
    trade_id: str
    kind: str  # an EventKind value, or a moderation kind
    actor: Party
    at: str
    version: int  # the trade's version after this event
    status: TradeStatus  # the trade's status after this event
    offer: Offer
    note: str = ""  # the message, or the decline reason
    by_moderator: bool = False


@dataclass(frozen=True)
class TradeView:
    """One party's row in "my trades"."""

    trade_id: str
    role: Role
    status: TradeStatus
    counterparty: str
    created_at: str
    updated_at: str
    lopsided: bool = False
    values: dict = field(default_factory=dict)  # the offer's frozen totals by currency (Trade.values)

    def is_expired(self, now: datetime, days: float) -> bool:
        return self.status in ACTIVE and now >= expires_at(self.created_at, days)


def expires_at(created_at: str, days: float) -> datetime:
    """When a trade created at ``created_at`` expires: the one place expiry is computed."""
    return parse(created_at) + timedelta(days=days)


def created_before_expiry(now: datetime, days: float) -> datetime:
    """Trades created before this moment have expired by ``now`` (the inverse of ``expires_at``)."""
    return now - timedelta(days=days)
