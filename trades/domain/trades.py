"""Trades: the lifecycle as plain data, its rules, and its domain errors (no Django, no boto3)."""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from enum import Enum

from tradeapi.exceptions import Conflict, Forbidden, InvalidInput, NotFound

MAX_LINES = 40
MAX_TRANSACTION_ACTIONS = 100


class TradeStatus(str, Enum):
    OPEN = "OPEN"
    COUNTERED = "COUNTERED"
    COMPLETED = "COMPLETED"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"

    @property
    def is_final(self) -> bool:
        return self not in ACTIVE


ACTIVE = frozenset({TradeStatus.OPEN, TradeStatus.COUNTERED})


class EventKind(str, Enum):
    PROPOSED = "proposed"
    COUNTERED = "countered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


# The status a trade is in right after each kind of event (moderation adds its own kinds).
STATUS_AFTER = {
    EventKind.PROPOSED: TradeStatus.OPEN,
    EventKind.COUNTERED: TradeStatus.COUNTERED,
    EventKind.ACCEPTED: TradeStatus.COMPLETED,
    EventKind.DECLINED: TradeStatus.DECLINED,
    EventKind.CANCELLED: TradeStatus.CANCELLED,
    EventKind.EXPIRED: TradeStatus.EXPIRED,
}


class Role(str, Enum):
    PROPOSER = "proposer"
    RECIPIENT = "recipient"


@dataclass(frozen=True)
class Party:
    sub: str
    username: str


@dataclass(frozen=True)
class LineRequest:
    """One line as a client asks for it: a card entry and a quantity."""

    card_id: str
    quantity: int


@dataclass(frozen=True)
class TradeLine:
    """One line of an offer: ``quantity`` of the giver's entry ``card_id``, with a snapshot of the card."""

    card_id: str
    quantity: int
    giver_sub: str
    card: dict = field(default_factory=dict)  # name, set_code, collector_number, finish, condition, language, ...


@dataclass(frozen=True)
class Offer:
    """What each side gives, and who made this offer."""

    made_by: str  # sub of the party who made it
    proposer_gives: tuple[TradeLine, ...] = ()
    recipient_gives: tuple[TradeLine, ...] = ()
    message: str = ""

    @property
    def lines(self) -> tuple[TradeLine, ...]:
        return self.proposer_gives + self.recipient_gives


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

    def next(self, *, status: TradeStatus, now: str, **changes) -> "Trade":
        return replace(self, status=status, version=self.version + 1, updated_at=now, **changes)


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


def expires_at(created_at: str, days: float) -> datetime:
    return datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc) + timedelta(days=days)


def check_line_shape(offered: list[LineRequest], requested: list[LineRequest]) -> None:
    """Count, duplicates and quantities; ownership is checked against the table by the service."""
    total = len(offered) + len(requested)
    if total == 0:
        raise InvalidOffer("A trade needs at least one line.", details={"lines": "at least one line is required"})
    if total > MAX_LINES:
        raise InvalidOffer(f"A trade holds at most {MAX_LINES} lines.",
                           details={"lines": f"at most {MAX_LINES} lines, not {total}"})
    for side, lines in (("offered", offered), ("requested", requested)):
        ids = [line.card_id for line in lines]
        if len(set(ids)) != len(ids):
            raise InvalidOffer("A card appears twice on one side.", details={side: "each card_id at most once"})
        if any(line.quantity < 1 for line in lines):
            raise InvalidOffer("Quantities must be at least 1.", details={side: "quantity must be at least 1"})


# --- errors ---------------------------------------------------------------------


class TradeNotFound(NotFound):
    code = "trade_not_found"
    message = "No such trade."


class InvalidOffer(InvalidInput):
    code = "invalid_offer"
    message = "The offer is not valid."


class NotYourTurn(Forbidden):
    code = "not_your_turn"
    message = "It is not your turn to do this on this trade."


class TradeFinal(Conflict):
    code = "trade_final"
    message = "This trade is closed."


class StaleVersion(Conflict):
    code = "stale_version"
    message = "The trade has changed since you read it."


class TradeOnHold(Conflict):
    code = "trade_on_hold"
    message = "This trade is on hold by a moderator."


class CardsUnavailable(Conflict):
    code = "cards_unavailable"
    message = "Some cards in this trade are no longer available."


class RecipientUnavailable(Conflict):
    code = "recipient_unavailable"
    message = "That trader cannot receive trades."
