"""Moderation use cases: hold, release, force-decline, note, report, suspend, reinstate (reads: reads.py).

Every moderator action is written in ONE transaction together with its audit entry,
conditioned on the version of what it read: both commit or neither.
"""

import secrets

from accounts import suspension
from accounts.domain import Profile
from accounts.services import profile_get, profile_get_by_username
from moderation import repository as repo
from moderation.domain import (
    AlreadySuspended,
    AuditEntry,
    ModerationAction,
    Moderator,
    Note,
    NotRecorded,
    NotSuspended,
    Report,
    StaffOnly,
    clean_reason,
    trade_target,
    user_target,
)
from tradeapi import clock
from trades.domain.errors import StaleVersion, TradeChanged, TradeNotFound
from trades.domain.lifecycle import ACTIVE, MODERATOR_STALE
from trades.domain.trades import Party, Trade
from trades.repository import trades as trade_repo

SUSPEND_ATTEMPTS = 3


def _check_staff(moderator) -> Moderator:
    if not getattr(moderator, "is_staff", False):
        raise StaffOnly()
    return Moderator(sub=moderator.sub, username=moderator.username)


def _audit(
    moderator: Moderator, action: ModerationAction, target: str, label: str, reason: str, at: str, **details
) -> AuditEntry:
    return AuditEntry(
        audit_id=secrets.token_hex(6),
        at=at,
        moderator=moderator,
        action=action,
        target=target,
        target_label=label,
        reason=reason,
        details=details,
    )


def _moderate(mod: Moderator, action: ModerationAction, trade: Trade, changed: Trade, reason: str, **details) -> Trade:
    """Write a moderator's change of a trade with its audit entry; a trade that moved on is stale."""
    event = changed.event(action.value, Party(mod.sub, mod.username), note=reason)
    entry = _audit(mod, action, trade_target(trade.trade_id), trade.trade_id, reason, changed.updated_at, **details)
    try:
        repo.trade_moderate(trade, changed, event, entry)
    except TradeChanged as exc:
        raise StaleVersion(MODERATOR_STALE, details={"current_version": exc.current.version}) from exc
    return changed


# --- actions on a trade -------------------------------------------------------------------


def trade_hold(*, moderator, trade_id: str, reason: str, version: int | None = None) -> Trade:
    """Freeze an open trade: no counter or accept until released."""
    mod, reason = _check_staff(moderator), clean_reason(reason)
    trade = trade_repo.trade_get(trade_id)
    return _moderate(mod, ModerationAction.HOLD, trade, trade.hold(version=version, now=clock.now_iso()), reason)


def trade_release(*, moderator, trade_id: str, reason: str, version: int | None = None) -> Trade:
    """Lift a hold: the parties may counter and accept again."""
    mod, reason = _check_staff(moderator), clean_reason(reason)
    trade = trade_repo.trade_get(trade_id)
    return _moderate(mod, ModerationAction.RELEASE, trade, trade.release(version=version, now=clock.now_iso()), reason)


def trade_force_decline(*, moderator, trade_id: str, reason: str, version: int | None = None) -> Trade:
    """Close an open trade as DECLINED by a moderator, held or not; both parties see who and why."""
    mod, reason = _check_staff(moderator), clean_reason(reason)
    trade = trade_repo.trade_get(trade_id)
    declined = trade.force_decline(
        moderator=Party(mod.sub, mod.username), version=version, reason=reason, now=clock.now_iso()
    )
    return _moderate(mod, ModerationAction.FORCE_DECLINE, trade, declined, reason, previous_status=trade.status.value)


def trade_note_add(*, moderator, trade_id: str, text: str) -> Note:
    """A moderator's note on a trade (any status); the note is its own reason."""
    mod, text = _check_staff(moderator), clean_reason(text)
    trade_repo.trade_get(trade_id)  # 404 for a trade that does not exist
    now = clock.now_iso()
    note = Note(trade_id=trade_id, note_id=secrets.token_hex(6), moderator=mod, text=text, at=now)
    repo.note_add(
        note, _audit(mod, ModerationAction.NOTE, trade_target(trade_id), trade_id, text, now, note_id=note.note_id)
    )
    return note


# --- reports by traders ----------------------------------------------------------------------


def trade_report(*, actor: Party, trade_id: str, reason: str) -> Report:
    """A party reports a trade (once per trader); it joins the reported queue."""
    reason = clean_reason(reason)
    trade = trade_repo.trade_get(trade_id)
    if trade.role_of(actor.sub) is None:
        raise TradeNotFound()
    report = Report(
        trade_id=trade_id, reporter_sub=actor.sub, reporter_username=actor.username, reason=reason, at=clock.now_iso()
    )
    repo.report_add(report)
    return report


# --- suspensions ------------------------------------------------------------------------------


def _open_trades(sub: str) -> list[Trade]:
    """The trader's OPEN and COUNTERED trades that are not held, read from the items themselves."""
    ids = []
    for status in ACTIVE:
        cursor = None
        while True:
            page = trade_repo.trade_views(sub, status=status, cursor=cursor, limit=100)
            ids += [view.trade_id for view in page.items]
            cursor = page.next_cursor
            if not cursor:
                break
    trades = trade_repo.trades_get_many(ids).values() if ids else []
    return sorted((t for t in trades if t.status in ACTIVE and not t.held), key=lambda t: t.created_at)


def _holds(trades: list[Trade], mod: Moderator, reason: str, now: str) -> list[tuple]:
    """(trade as read, held trade, its event) for each trade."""
    changes = []
    for trade in trades:
        held = trade.hold(version=None, now=now)
        changes.append((trade, held, held.event("hold", Party(mod.sub, mod.username), note=reason)))
    return changes


def user_suspend(*, moderator, username: str, reason: str) -> tuple[Profile, list[str]]:
    """Suspend a trader (their API answers 403 within the suspension cache's 30 s) and hold their open trades.

    The flag, the audit entry and the holds of up to ``repo.HOLDS_PER_TRANSACTION`` trades go in one
    transaction; more trades than that are held in further transactions right after. Returns the held ids.
    """
    mod, reason = _check_staff(moderator), clean_reason(reason)
    profile = profile_get_by_username(username=username)
    if profile.suspended:
        raise AlreadySuspended()
    held_ids: list[str] = []
    for attempt in range(SUSPEND_ATTEMPTS):
        trades = _open_trades(profile.sub)
        now = clock.now_iso()
        first, rest = trades[: repo.HOLDS_PER_TRANSACTION], trades[repo.HOLDS_PER_TRANSACTION :]
        entry = _audit(
            mod,
            ModerationAction.SUSPEND,
            user_target(profile.sub),
            profile.username,
            reason,
            now,
            held_trades=[t.trade_id for t in trades],
        )
        try:
            repo.suspension_set(
                profile.sub, suspended=True, reason=reason, now=now, entry=entry, holds=_holds(first, mod, reason, now)
            )
        except TradeChanged as exc:
            if attempt == SUSPEND_ATTEMPTS - 1:
                raise NotRecorded() from exc
            continue  # a trade moved on between our read and the write: read them again
        held_ids = [t.trade_id for t in first] + _hold_rest(rest, mod, reason)
        break
    suspension.forget(profile.sub)  # this process's copy of the flag; others expire theirs within 30 s
    return profile_get(sub=profile.sub), held_ids


def _hold_rest(trades: list[Trade], mod: Moderator, reason: str) -> list[str]:
    held = []
    for trade in trades:
        for _ in range(3):
            try:
                for old, new, event in _holds([trade], mod, reason, clock.now_iso()):
                    trade_repo.trade_save(old, new, event)
                held.append(trade.trade_id)
                break
            except TradeChanged as exc:
                trade = exc.current
                if trade.status not in ACTIVE or trade.held:
                    break
    return held


def user_reinstate(*, moderator, username: str, reason: str) -> Profile:
    """Lift a suspension. Trades the suspension held stay held until a moderator releases them."""
    mod, reason = _check_staff(moderator), clean_reason(reason)
    profile = profile_get_by_username(username=username)
    if not profile.suspended:
        raise NotSuspended()
    now = clock.now_iso()
    repo.suspension_set(
        profile.sub,
        suspended=False,
        reason="",
        now=now,
        entry=_audit(mod, ModerationAction.REINSTATE, user_target(profile.sub), profile.username, reason, now),
    )
    suspension.forget(profile.sub)
    return profile_get(sub=profile.sub)
