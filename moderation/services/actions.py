"""Moderation use cases: hold, release, force-decline, note, report, suspend, reinstate (reads: moderation_reads).

Every moderator action is written in ONE TransactWriteItems together with its
audit entry, conditioned on the version of what it read: both commit or neither.
"""

import secrets
from dataclasses import replace

from accounts import suspension
from accounts.domain import Profile
from accounts.services import profile_get, profile_get_by_username
from tradeapi import clock
from tradeapi.db.transactions import TransactionConflict, transact_write
from moderation.domain import (
    AlreadyHeld,
    AlreadyReported,
    AlreadySuspended,
    AuditEntry,
    ModerationAction,
    ModerationEventKind,
    Moderator,
    Note,
    NotHeld,
    NotRecorded,
    NotSuspended,
    Report,
    StaffOnly,
    clean_reason,
    trade_target,
    user_target,
)
from trades.domain.trades import ACTIVE, Party, StaleVersion, Trade, TradeEvent, TradeFinal, TradeNotFound, TradeStatus
from moderation import repository as repo
from trades.repository import trades as trade_repo
# A suspension holds the trader's open trades; each hold is 4 actions (trade, event, 2 views).
HOLDS_PER_TRANSACTION = 24


def _check_staff(moderator) -> Moderator:
    if not getattr(moderator, "is_staff", False):
        raise StaffOnly()
    return Moderator(sub=moderator.sub, username=moderator.username)


def _audit(moderator: Moderator, action: ModerationAction, target: str, label: str, reason: str, at: str,
           **details) -> AuditEntry:
    return AuditEntry(audit_id=secrets.token_hex(6), at=at, moderator=moderator, action=action, target=target,
                      target_label=label, reason=reason, details=details)


def _event(trade: Trade, kind: str, moderator: Moderator, note: str) -> TradeEvent:
    return TradeEvent(trade_id=trade.trade_id, kind=kind, actor=Party(moderator.sub, moderator.username),
                      at=trade.updated_at, version=trade.version, status=trade.status, offer=trade.offer, note=note,
                      by_moderator=True)


def _trade_write(old: Trade, new: Trade, event: TradeEvent) -> list[dict]:
    """[trade Put conditioned on the version and status read, event Put, two view Updates]."""
    return trade_repo.trade_transition_actions(new, event, expected_version=old.version, expected_status=old.status)


def _commit(actions: list[dict]) -> None:
    """Write an action with its audit entry; a failed condition anywhere means nothing was written."""
    try:
        transact_write(actions)
    except TransactionConflict as exc:
        raise NotRecorded() from exc


def _commit_trade_action(old: Trade, new: Trade, event: TradeEvent, entry: AuditEntry) -> None:
    try:
        transact_write(_trade_write(old, new, event) + [repo.audit_put_action(entry)])
    except TransactionConflict as exc:
        if 0 in exc.failed:
            raise StaleVersion("The trade changed while you were looking at it; reload and try again.",
                               details={"current_version": trade_repo.trade_get(old.trade_id).version}) from exc
        raise NotRecorded() from exc


def _active(trade: Trade) -> None:
    if trade.status.is_final:
        raise TradeFinal(f"This trade is {trade.status.value.lower()}.", details={"status": trade.status.value})


def _fresh(trade_id: str, version: int | None) -> Trade:
    trade = trade_repo.trade_get(trade_id)
    if version is not None and version != trade.version:
        raise StaleVersion("The trade changed while you were looking at it; reload and try again.",
                           details={"current_version": trade.version})
    return trade


# --- actions on a trade -------------------------------------------------------------------


def trade_hold(*, moderator, trade_id: str, reason: str, version: int | None = None) -> Trade:
    """Freeze an open trade: no counter or accept until released."""
    return _set_held(moderator, trade_id, reason, version, held=True)


def trade_release(*, moderator, trade_id: str, reason: str, version: int | None = None) -> Trade:
    """Lift a hold: the parties may counter and accept again."""
    return _set_held(moderator, trade_id, reason, version, held=False)


def _set_held(moderator, trade_id: str, reason: str, version: int | None, *, held: bool) -> Trade:
    mod, reason = _check_staff(moderator), clean_reason(reason)
    trade = _fresh(trade_id, version)
    if held:
        _active(trade)
    if trade.held == held:
        raise AlreadyHeld() if held else NotHeld()
    kind, action = ((ModerationEventKind.HELD, ModerationAction.HOLD) if held
                    else (ModerationEventKind.RELEASED, ModerationAction.RELEASE))
    now = clock.now_iso()
    changed = replace(trade, held=held, version=trade.version + 1, updated_at=now)
    _commit_trade_action(trade, changed, _event(changed, kind.value, mod, reason),
                         _audit(mod, action, trade_target(trade_id), trade_id, reason, now))
    return changed


def trade_force_decline(*, moderator, trade_id: str, reason: str, version: int | None = None) -> Trade:
    """Close an open trade as DECLINED by a moderator, held or not; both parties see who and why."""
    mod, reason = _check_staff(moderator), clean_reason(reason)
    trade = _fresh(trade_id, version)
    _active(trade)
    now = clock.now_iso()
    declined = trade.next(status=TradeStatus.DECLINED, now=now, held=False, decline_reason=reason,
                          declined_by=mod.username, declined_by_moderator=True)
    _commit_trade_action(trade, declined, _event(declined, ModerationEventKind.DECLINED.value, mod, reason),
                         _audit(mod, ModerationAction.FORCE_DECLINE, trade_target(trade_id), trade_id, reason, now,
                                previous_status=trade.status.value))
    return declined


def trade_note_add(*, moderator, trade_id: str, text: str) -> Note:
    """A moderator's note on a trade (any status); the note is its own reason."""
    mod, text = _check_staff(moderator), clean_reason(text)
    trade_repo.trade_get(trade_id)  # 404 for a trade that does not exist
    now = clock.now_iso()
    note = Note(trade_id=trade_id, note_id=secrets.token_hex(6), moderator=mod, text=text, at=now)
    _commit([repo.note_put_action(note),
             repo.audit_put_action(_audit(mod, ModerationAction.NOTE, trade_target(trade_id), trade_id, text, now,
                                          note_id=note.note_id))])
    return note


# --- reports by traders ----------------------------------------------------------------------


def trade_report(*, actor: Party, trade_id: str, reason: str) -> Report:
    """A party reports a trade (once per trader); it joins the reported queue."""
    reason = clean_reason(reason)
    trade = trade_repo.trade_get(trade_id)
    if trade.role_of(actor.sub) is None:
        raise TradeNotFound()
    report = Report(trade_id=trade_id, reporter_sub=actor.sub, reporter_username=actor.username, reason=reason,
                    at=clock.now_iso())
    try:
        transact_write(repo.report_actions(report))
    except TransactionConflict as exc:
        if 0 in exc.failed:
            raise AlreadyReported() from exc
        raise
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
    trades = repo.trades_get_many(ids).values() if ids else []
    return sorted((t for t in trades if t.status in ACTIVE and not t.held), key=lambda t: t.created_at)


def _hold_actions(trades: list[Trade], mod: Moderator, reason: str, now: str) -> list[dict]:
    actions = []
    for trade in trades:
        held = replace(trade, held=True, version=trade.version + 1, updated_at=now)
        actions += _trade_write(trade, held, _event(held, ModerationEventKind.HELD.value, mod, reason))
    return actions


def user_suspend(*, moderator, username: str, reason: str) -> tuple[Profile, list[str]]:
    """Suspend a trader (their API answers 403 within the suspension cache's 30 s) and hold their open trades.

    The flag, the audit entry and the holds of up to 24 trades go in one transaction; more
    trades than that are held in further transactions right after. Returns the held trade ids.
    """
    mod, reason = _check_staff(moderator), clean_reason(reason)
    profile = profile_get_by_username(username=username)
    if profile.suspended:
        raise AlreadySuspended()
    held_ids: list[str] = []
    for attempt in range(3):
        trades = _open_trades(profile.sub)
        now = clock.now_iso()
        first, rest = trades[:HOLDS_PER_TRANSACTION], trades[HOLDS_PER_TRANSACTION:]
        entry = _audit(mod, ModerationAction.SUSPEND, user_target(profile.sub), profile.username, reason, now,
                       held_trades=[t.trade_id for t in trades])
        actions = [repo.profile_suspension_action(profile.sub, suspended=True, reason=reason, now=now),
                   repo.audit_put_action(entry), *_hold_actions(first, mod, reason, now)]
        try:
            transact_write(actions)
        except TransactionConflict as exc:
            if 0 in exc.failed:
                raise AlreadySuspended() from exc
            if 1 in exc.failed or attempt == 2:
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
                transact_write(_hold_actions([trade], mod, reason, clock.now_iso()))
                held.append(trade.trade_id)
                break
            except TransactionConflict:
                trade = trade_repo.trade_get(trade.trade_id)
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
    try:
        transact_write([repo.profile_suspension_action(profile.sub, suspended=False, reason="", now=now),
                        repo.audit_put_action(_audit(mod, ModerationAction.REINSTATE, user_target(profile.sub),
                                                     profile.username, reason, now))])
    except TransactionConflict as exc:
        if 0 in exc.failed:
            raise NotSuspended() from exc
        raise NotRecorded() from exc
    suspension.forget(profile.sub)
    return profile_get(sub=profile.sub)
