"""Moderation as plain data: audit entries, reports, notes, and their domain errors (no Django, no boto3)."""

from dataclasses import dataclass, field
from enum import Enum

from tradeapi.exceptions import Conflict, Forbidden, InvalidInput

MAX_REASON = 1000


class ModerationAction(str, Enum):
    HOLD = "hold"
    RELEASE = "release"
    FORCE_DECLINE = "force_decline"
    NOTE = "note"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"


def trade_target(trade_id: str) -> str:
    return f"trade:{trade_id}"


def user_target(sub: str) -> str:
    return f"user:{sub}"


@dataclass(frozen=True)
class Moderator:
    sub: str
    username: str


@dataclass(frozen=True)
class AuditEntry:
    """One moderator action: who, when, what, on which target, and why. Never changed once written."""

    audit_id: str
    at: str
    moderator: Moderator
    action: ModerationAction
    target: str  # trade:<id> or user:<sub>
    target_label: str  # what a person reads: a trade id or a username
    reason: str
    details: dict = field(default_factory=dict)

    @property
    def target_kind(self) -> str:
        return self.target.split(":", 1)[0]

    @property
    def target_id(self) -> str:
        return self.target.split(":", 1)[1]


@dataclass(frozen=True)
class Report:
    trade_id: str
    reporter_sub: str
    reporter_username: str
    reason: str
    at: str


@dataclass(frozen=True)
class Note:
    trade_id: str
    note_id: str
    moderator: Moderator
    text: str
    at: str


@dataclass(frozen=True)
class ReportedTrade:
    """A row of the reported queue: the trade and how often, and when last, it was reported."""

    trade_id: str
    report_count: int
    last_reported_at: str
    last_reason: str


def clean_reason(reason: str | None) -> str:
    """A moderator's or reporter's reason: required, trimmed, bounded."""
    text = (reason or "").strip()
    if not text:
        raise ReasonRequired()
    if len(text) > MAX_REASON:
        raise InvalidInput(
            f"A reason holds at most {MAX_REASON} characters.",
            code="reason_too_long",
            details={"reason": f"at most {MAX_REASON} characters"},
        )
    return text


# --- errors ---------------------------------------------------------------------


class ReasonRequired(InvalidInput):
    code = "reason_required"
    message = "A reason is required."

    def __init__(self, message: str | None = None, **kwargs):
        kwargs.setdefault("details", {"reason": "this field is required"})
        super().__init__(message, **kwargs)


class AlreadyReported(Conflict):
    code = "already_reported"
    message = "You have already reported this trade."


class AlreadySuspended(Conflict):
    code = "already_suspended"
    message = "This trader is already suspended."


class NotSuspended(Conflict):
    code = "not_suspended"
    message = "This trader is not suspended."


class NotRecorded(Conflict):
    code = "not_recorded"
    message = "The action and its audit entry could not be written together; nothing was changed."


class StaffOnly(Forbidden):
    code = "staff_only"
    message = "Only staff may do this."
