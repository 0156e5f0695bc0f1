"""Moderation use cases: hold, release, force-decline, note, report, suspend, reinstate, and the reads.

Every moderator action is written in ONE TransactWriteItems together with its
audit entry, conditioned on the version of what it read: both commit or neither.
"""

import secrets
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.core.cache import cache

from accounts import suspension
from accounts.domain import Profile, ProfileNotFound
from accounts.repository import ProfileRepository
from accounts.services import profile_get, profile_get_by_username
from tradeapi import clock
from tradeapi.db.cursors import Page
from tradeapi.db.transactions import TransactionConflict, transact_write
from trades.domain.moderation import (
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
    ReportedTrade,
    StaffOnly,
    clean_reason,
    trade_target,
    user_target,
)
from trades.domain.trades import ACTIVE, Party, StaleVersion, Trade, TradeEvent, TradeFinal, TradeNotFound, TradeStatus
from trades.repository import moderation as repo
from trades.repository import trades as trade_repo
from trades.services.binders import binder_list

STATS_CACHE_KEY = "moderation:overview-stats"
STATS_CACHE_SECONDS = 60
CHART_DAYS = 30
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
    mod, reason = _check_staff(moderator), clean_reason(reason)
    trade = _fresh(trade_id, version)
    _active(trade)
    if trade.held:
        raise AlreadyHeld()
    now = clock.now_iso()
    held = replace(trade, held=True, version=trade.version + 1, updated_at=now)
    _commit_trade_action(trade, held, _event(held, ModerationEventKind.HELD.value, mod, reason),
                         _audit(mod, ModerationAction.HOLD, trade_target(trade_id), trade_id, reason, now))
    return held


def trade_release(*, moderator, trade_id: str, reason: str, version: int | None = None) -> Trade:
    mod, reason = _check_staff(moderator), clean_reason(reason)
    trade = _fresh(trade_id, version)
    if not trade.held:
        raise NotHeld()
    now = clock.now_iso()
    released = replace(trade, held=False, version=trade.version + 1, updated_at=now)
    _commit_trade_action(trade, released, _event(released, ModerationEventKind.RELEASED.value, mod, reason),
                         _audit(mod, ModerationAction.RELEASE, trade_target(trade_id), trade_id, reason, now))
    return released


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


# --- reads for the dashboard --------------------------------------------------------------------


@dataclass
class Overview:
    counts: dict[str, int]
    days: list[str]
    created: list[int]
    completed: list[int]
    reported: list[tuple[ReportedTrade, Trade | None]] = field(default_factory=list)
    recent_actions: list[AuditEntry] = field(default_factory=list)


def overview_stats(*, fresh: bool = False) -> tuple[dict, list[str], list[int], list[int]]:
    """Counts per status and the 30-day created/completed series; cached 60 s (it sweeps the status index)."""
    cached = None if fresh else cache.get(STATS_CACHE_KEY)
    if cached is not None:
        return cached
    today = clock.now().date()
    days = [(today - timedelta(days=n)).isoformat() for n in range(CHART_DAYS - 1, -1, -1)]
    counts, created, completed = repo.trade_stats(since=days[0])
    result = ({s.value: counts.get(s.value, 0) for s in TradeStatus}, days,
              [created.get(d, 0) for d in days], [completed.get(d, 0) for d in days])
    cache.set(STATS_CACHE_KEY, result, STATS_CACHE_SECONDS)
    return result


def moderation_overview(*, fresh: bool = False) -> Overview:
    counts, days, created, completed = overview_stats(fresh=fresh)
    return Overview(counts=counts, days=days, created=created, completed=completed,
                    reported=reported_queue(limit=5).items, recent_actions=repo.audit_list(limit=10).items)


def trade_queue(*, status: TradeStatus, trader: str = "", cursor: str | None = None, limit: int = 25) -> Page:
    """Trades in a status, newest first. With ``trader``: that trader's trades in the status (their view index)."""
    if not trader:
        return trade_repo.trades_by_status(status, cursor, limit)
    try:
        profile = profile_get_by_username(username=trader)
    except ProfileNotFound:
        return Page([], None)
    views = trade_repo.trade_views(profile.sub, status=status, cursor=cursor, limit=limit)
    found = repo.trades_get_many([v.trade_id for v in views.items]) if views.items else {}
    return Page([found[v.trade_id] for v in views.items if v.trade_id in found], views.next_cursor)


def reported_queue(*, cursor: str | None = None, limit: int = 25) -> Page:
    """Reported trades, most recently reported first, each with the trade as it is now."""
    page = repo.reported_trades(cursor=cursor, limit=limit)
    trades = repo.trades_get_many([r.trade_id for r in page.items]) if page.items else {}
    return Page([(r, trades.get(r.trade_id)) for r in page.items], page.next_cursor)


@dataclass
class TradeDossier:
    trade: Trade
    events: list
    reports: list
    notes: list
    audit: list


def trade_dossier(*, trade_id: str) -> TradeDossier:
    """Everything a moderator sees of one trade: one Query of its partition, one of its audit entries."""
    trade, events, reports, notes = repo.trade_partition(trade_id)
    if trade is None:
        raise TradeNotFound()
    audit = repo.audit_list(target=trade_target(trade_id), limit=50).items
    return TradeDossier(trade=trade, events=events, reports=reports, notes=notes, audit=audit)


def user_search(*, prefix: str, cursor: str | None = None, limit: int = 25) -> Page:
    prefix = prefix.strip()
    if not prefix:
        return Page([], None)
    return repo.users_by_prefix(prefix, cursor=cursor, limit=limit)


def audit_log(*, moderator: str = "", target: str = "", cursor: str | None = None, limit: int = 50) -> Page:
    """The audit log, newest first; ``moderator`` is a username, ``target`` a trade id or a username."""
    target_key = _target_key(target.strip()) if target.strip() else None
    return repo.audit_list(moderator=moderator.strip().lower() or None, target=target_key, cursor=cursor,
                           limit=limit)


def _target_key(target: str) -> str:
    """``trade:<id>``/``user:<sub>`` as given, a username (→ user:<sub>), or else a trade id."""
    if target.startswith(("trade:", "user:")):
        return target
    try:
        return user_target(ProfileRepository().sub_for_username(target))
    except ProfileNotFound:
        return trade_target(target)


@dataclass
class UserDossier:
    profile: Profile
    binders: list
    trades: Page
    reports: list
    audit: list


def user_dossier(*, username: str, trades_cursor: str | None = None) -> UserDossier:
    """A trader's page: profile, binders, trades (newest first, paged), reports they filed, actions on them."""
    profile = profile_get_by_username(username=username)
    return UserDossier(
        profile=profile,
        binders=binder_list(owner_sub=profile.sub, cursor=None, limit=100).items,
        trades=trade_repo.trade_views(profile.sub, cursor=trades_cursor, limit=25),
        reports=repo.reports_by(profile.sub, limit=25).items,
        audit=repo.audit_list(target=user_target(profile.sub), limit=25).items,
    )
