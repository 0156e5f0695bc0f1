"""Moderation reads for the dashboard: overview, queues, a trade's and a trader's dossier, search, audit log."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache

from accounts.domain import Profile, ProfileNotFound
from accounts.services import profile_get_by_username, profile_search, profile_sub_for_username
from binders.services.binders import binder_list
from binders.services.cards import card_search
from catalog.services import value_rules
from moderation import repository as repo
from moderation.domain import AuditEntry, ReportedTrade, trade_target, user_target
from tradeapi import clock
from tradeapi.paging import Page
from trades.domain.errors import TradeNotFound
from trades.domain.trades import Trade, TradeStatus
from trades.domain.values import OfferValue
from trades.repository import trades as trade_repo
from trades.services.trades import trade_values

STATS_CACHE_KEY = "moderation:overview-stats:2"  # :2 — the value completed per day joined the series
STATS_CACHE_SECONDS = 60
CHART_DAYS = 30


@dataclass
class Overview:
    counts: dict[str, int]
    days: list[str]
    created: list[int]
    completed: list[int]
    completed_value: list[Decimal] = field(default_factory=list)  # per day, in value_currency
    value_currency: str = "USD"
    reported: list[tuple[ReportedTrade, Trade | None]] = field(default_factory=list)
    recent_actions: list[AuditEntry] = field(default_factory=list)


def overview_stats(*, fresh: bool = False) -> tuple[dict, list[str], list[int], list[int], list[Decimal]]:
    """Counts per status and the 30-day created/completed/value-completed series; cached 60 s (it sweeps the
    status index)."""
    cached = None if fresh else cache.get(STATS_CACHE_KEY)
    if cached is not None:
        return cached
    today = clock.now().date()
    days = [(today - timedelta(days=n)).isoformat() for n in range(CHART_DAYS - 1, -1, -1)]
    counts, created, completed, completed_value = trade_repo.trade_stats(since=days[0])
    result = (
        {s.value: counts.get(s.value, 0) for s in TradeStatus},
        days,
        [created.get(d, 0) for d in days],
        [completed.get(d, 0) for d in days],
        [completed_value.get(d, Decimal(0)) for d in days],
    )
    cache.set(STATS_CACHE_KEY, result, STATS_CACHE_SECONDS)
    return result


def moderation_overview(*, fresh: bool = False) -> Overview:
    counts, days, created, completed, completed_value = overview_stats(fresh=fresh)
    return Overview(
        counts=counts,
        days=days,
        created=created,
        completed=completed,
        completed_value=completed_value,
        value_currency=value_rules().flag_currency,
        reported=reported_queue(limit=5).items,
        recent_actions=repo.audit_list(limit=10).items,
    )


def trade_queue(
    *, status: TradeStatus, trader: str = "", lopsided: bool = False, cursor: str | None = None, limit: int = 25
) -> Page:
    """Trades in a status, newest first. With ``trader``: that trader's trades in the status (their view index).
    ``lopsided``: only trades whose current offer was flagged lopsided (the flag stored at each offer)."""
    if not trader:
        return trade_repo.trades_by_status(status, cursor, limit, lopsided_only=lopsided)
    try:
        profile = profile_get_by_username(username=trader)
    except ProfileNotFound:
        return Page([], None)
    views = trade_repo.trade_views(profile.sub, status=status, cursor=cursor, limit=limit)
    candidates = [v.trade_id for v in views.items if v.lopsided or not lopsided]
    found = trade_repo.trades_get_many(candidates) if candidates else {}
    wanted = [v for v in views.items if v.trade_id in found and (v.lopsided or not lopsided)]
    return Page([found[v.trade_id] for v in wanted], views.next_cursor)


def reported_queue(*, cursor: str | None = None, limit: int = 25) -> Page:
    """Reported trades, most recently reported first, each with the trade as it is now."""
    page = repo.reported_trades(cursor=cursor, limit=limit)
    trades = trade_repo.trades_get_many([r.trade_id for r in page.items]) if page.items else {}
    return Page([(r, trades.get(r.trade_id)) for r in page.items], page.next_cursor)


@dataclass
class TradeDossier:
    trade: Trade
    events: list
    reports: list
    notes: list
    audit: list
    at_offer: OfferValue | None = None  # the current offer's values, in the flag currency, at its prices
    now: OfferValue | None = None  # …and at today's catalog prices


def trade_dossier(*, trade_id: str) -> TradeDossier:
    """Everything a moderator sees of one trade: one Query of its partition, one of its audit entries,
    and one BatchGetItem of its printings' prices today."""
    trade, events, reports, notes = repo.trade_partition(trade_id)
    if trade is None:
        raise TradeNotFound()
    audit = repo.audit_list(target=trade_target(trade_id), limit=50).items
    at_offer, now = trade_values(trade, currency=value_rules().flag_currency)
    return TradeDossier(
        trade=trade, events=events, reports=reports, notes=notes, audit=audit, at_offer=at_offer, now=now
    )


def user_search(*, prefix: str, cursor: str | None = None, limit: int = 25) -> Page:
    prefix = prefix.strip()
    if not prefix:
        return Page([], None)
    return profile_search(prefix=prefix, cursor=cursor, limit=limit)


def audit_log(*, moderator: str = "", target: str = "", cursor: str | None = None, limit: int = 50) -> Page:
    """The audit log, newest first; ``moderator`` is a username, ``target`` a trade id or a username."""
    target_key = _target_key(target.strip()) if target.strip() else None
    return repo.audit_list(moderator=moderator.strip().lower() or None, target=target_key, cursor=cursor, limit=limit)


def _target_key(target: str) -> str:
    """``trade:<id>``/``user:<sub>`` as given, a username (→ user:<sub>), or else a trade id."""
    if target.startswith(("trade:", "user:")):
        return target
    try:
        return user_target(profile_sub_for_username(username=target))
    except ProfileNotFound:
        return trade_target(target)


@dataclass
class UserDossier:
    profile: Profile
    binders: list
    cards: Page
    trades: Page
    reports: list
    audit: list


CARDS_SHOWN = 50


def user_dossier(*, username: str, trades_cursor: str | None = None) -> UserDossier:
    """A trader's page: profile, binders, their first cards, trades (newest first, paged), reports they
    filed, actions on them."""
    profile = profile_get_by_username(username=username)
    return UserDossier(
        profile=profile,
        binders=binder_list(owner_sub=profile.sub, cursor=None, limit=100).items,
        cards=card_search(owner_sub=profile.sub, cursor=None, limit=CARDS_SHOWN),
        trades=trade_repo.trade_views(profile.sub, cursor=trades_cursor, limit=25),
        reports=repo.reports_by(profile.sub, limit=25).items,
        audit=repo.audit_list(target=user_target(profile.sub), limit=25).items,
    )
