"""The trade lifecycle as data: statuses, event kinds, and the one transition table."""

from dataclasses import dataclass
from enum import Enum


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


class ModerationEventKind(str, Enum):
    """The events a moderator's action writes into a trade's history."""

    HELD = "held"
    RELEASED = "released"
    DECLINED = "declined"  # the same kind a party's decline has, with by_moderator=True


class Actor(str, Enum):
    """Who may take an action: the party whose turn it is, the party who made the current
    offer, a moderator, or the system (expiry)."""

    TURN = "turn"
    MAKER = "maker"
    MODERATOR = "moderator"
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    by: Actor
    event: str  # the kind of event it writes
    to: TradeStatus | None  # None: the status stays
    from_final: bool = False  # allowed on a closed trade too
    blocked_by_hold: bool = False


MODERATOR_STALE = "The trade changed while you were looking at it; reload and try again."

# The one table of the lifecycle.
TRANSITIONS: dict[str, Transition] = {
    "counter": Transition(Actor.TURN, EventKind.COUNTERED.value, TradeStatus.COUNTERED, blocked_by_hold=True),
    "accept": Transition(Actor.TURN, EventKind.ACCEPTED.value, TradeStatus.COMPLETED, blocked_by_hold=True),
    "decline": Transition(Actor.TURN, EventKind.DECLINED.value, TradeStatus.DECLINED),
    "cancel": Transition(Actor.MAKER, EventKind.CANCELLED.value, TradeStatus.CANCELLED),
    "expire": Transition(Actor.SYSTEM, EventKind.EXPIRED.value, TradeStatus.EXPIRED),
    "hold": Transition(Actor.MODERATOR, ModerationEventKind.HELD.value, None),
    "release": Transition(Actor.MODERATOR, ModerationEventKind.RELEASED.value, None, from_final=True),
    "force_decline": Transition(Actor.MODERATOR, ModerationEventKind.DECLINED.value, TradeStatus.DECLINED),
}

PARTY_ACTIONS = [name for name, t in TRANSITIONS.items() if t.by in (Actor.TURN, Actor.MAKER)]

# The status right after each party or system event (a proposal opens the trade).
STATUS_AFTER = {EventKind.PROPOSED: TradeStatus.OPEN} | {
    EventKind(t.event): t.to for t in TRANSITIONS.values() if t.by is not Actor.MODERATOR
}
