"""Moderation items in the single table: audit log, reports, notes, a trade's partition, trade stats.

A moderator's action and its audit entry always go into one transaction, built here with
trades' ``add_transition`` and accounts' ``add_suspension``. Audit entries are only ever
Put with ``attribute_not_exists``: nothing in the code updates or deletes them.
"""

from accounts.repository import add_suspension
from moderation.domain import (
    AlreadyReported,
    AlreadySuspended,
    AuditEntry,
    ModerationAction,
    Moderator,
    Note,
    NotRecorded,
    NotSuspended,
    Report,
    ReportedTrade,
)
from tradeapi.db import actions, keys, table
from tradeapi.db.items import from_item, values
from tradeapi.db.schema import GSI1, GSI2, MAX_TRANSACTION_ACTIONS
from tradeapi.db.transactions import Transaction
from tradeapi.paging import Page
from trades.domain.plan import TRADE_ACTIONS
from trades.domain.trades import Trade, TradeEvent
from trades.repository.items import event_from_item, trade_from_item
from trades.repository.trades import add_transition

# A suspension holds the trader's open trades in its own transaction, beside the flag and the audit entry.
HOLDS_PER_TRANSACTION = (MAX_TRANSACTION_ACTIONS - 2) // TRADE_ACTIONS


def _not_recorded(failures) -> NotRecorded:
    return NotRecorded()


# --- audit log ------------------------------------------------------------------------


def audit_put_action(entry: AuditEntry) -> dict:
    """The audit entry's Put: a new item only, so an entry can never be overwritten."""
    return actions.put(
        {
            **keys.audit_key(entry.at, entry.audit_id),
            **keys.audit_index_keys(entry.moderator.username, entry.target, entry.at, entry.audit_id),
            "type": "AUDIT",
            "audit_id": entry.audit_id,
            "at": entry.at,
            "moderator_sub": entry.moderator.sub,
            "moderator_username": entry.moderator.username,
            "action": entry.action.value,
            "target": entry.target,
            "target_label": entry.target_label,
            "reason": entry.reason,
            "details": entry.details,
        }
    )


def _add_audit(tx: Transaction, entry: AuditEntry) -> None:
    tx.add(audit_put_action(entry), on_conflict=_not_recorded)


def audit_from_item(item: dict) -> AuditEntry:
    data = from_item(item)
    return AuditEntry(
        audit_id=data["audit_id"],
        at=data["at"],
        moderator=Moderator(data["moderator_sub"], data["moderator_username"]),
        action=ModerationAction(data["action"]),
        target=data["target"],
        target_label=data.get("target_label", ""),
        reason=data.get("reason", ""),
        details=data.get("details", {}),
    )


def audit_list(
    *, moderator: str | None = None, target: str | None = None, cursor: str | None = None, limit: int = 50
) -> Page:
    """The audit log newest first: all of it (the AUDIT partition), by moderator (GSI1) or by target (GSI2).

    One Query per page. With both filters, the target index is queried and filtered on the moderator.
    """
    query: dict = {"ScanIndexForward": False, "Limit": limit}
    if target:
        query.update(
            IndexName=GSI2,
            KeyConditionExpression="GSI2PK = :pk",
            ExpressionAttributeValues=values(pk=keys.audit_on_pk(target)),
        )
        if moderator:
            query["FilterExpression"] = "GSI1PK = :mod"
            query["ExpressionAttributeValues"].update(values(mod=keys.audit_by_pk(moderator)))
    elif moderator:
        query.update(
            IndexName=GSI1,
            KeyConditionExpression="GSI1PK = :pk",
            ExpressionAttributeValues=values(pk=keys.audit_by_pk(moderator)),
        )
    else:
        query.update(KeyConditionExpression="PK = :pk", ExpressionAttributeValues=values(pk=keys.AUDIT))
    return table.query_page(
        query, scope=f"audit:{moderator or ''}:{target or ''}", cursor=cursor, mapper=audit_from_item
    )


# --- moderator actions: each with its audit entry, in one transaction -------------------------


def trade_moderate(old: Trade, new: Trade, event: TradeEvent, entry: AuditEntry) -> None:
    """Hold, release or force-decline: the trade change and its audit entry. ``TradeChanged`` when
    the trade moved on since ``old`` was read; ``NotRecorded`` when the audit entry could not be written."""
    tx = Transaction()
    add_transition(tx, old, new, event)
    _add_audit(tx, entry)
    tx.commit()


def note_add(note: Note, entry: AuditEntry) -> None:
    tx = Transaction()
    tx.add(
        actions.put(
            {
                **keys.trade_note_key(note.trade_id, note.at, note.note_id),
                "type": "TRADE_NOTE",
                "trade_id": note.trade_id,
                "note_id": note.note_id,
                "moderator_sub": note.moderator.sub,
                "moderator_username": note.moderator.username,
                "text": note.text,
                "at": note.at,
            }
        ),
        on_conflict=_not_recorded,
    )
    _add_audit(tx, entry)
    tx.commit()


def suspension_set(
    sub: str,
    *,
    suspended: bool,
    reason: str,
    now: str,
    entry: AuditEntry,
    holds: list[tuple[Trade, Trade, TradeEvent]] = (),
) -> None:
    """Suspend (with the holds of the trader's open trades) or reinstate, with the audit entry.

    ``AlreadySuspended``/``NotSuspended`` when the flag is already so; ``NotRecorded`` when the
    audit entry failed; ``TradeChanged`` when one of the held trades moved on meanwhile.
    """
    tx = Transaction()
    add_suspension(
        tx,
        sub,
        suspended=suspended,
        reason=reason,
        now=now,
        on_conflict=lambda failures: AlreadySuspended() if suspended else NotSuspended(),
    )
    _add_audit(tx, entry)
    for old, held, event in holds:
        add_transition(tx, old, held, event)
    tx.commit()


# --- reports and notes -----------------------------------------------------------------


def report_add(report: Report) -> None:
    """The report (once per reporter: ``AlreadyReported``) and the trade's reported marker (count, queue)."""
    queue = keys.reported_queue_keys(report.at, report.trade_id)
    tx = Transaction()
    tx.add(
        actions.put(
            {
                **keys.trade_report_key(report.trade_id, report.reporter_sub),
                "type": "TRADE_REPORT",
                "trade_id": report.trade_id,
                "reporter_sub": report.reporter_sub,
                "reporter_username": report.reporter_username,
                "reason": report.reason,
                "at": report.at,
                **keys.reports_by_keys(report.reporter_sub, report.at, report.trade_id),
            }
        ),
        on_conflict=lambda failures: AlreadyReported(),
    )
    tx.add(
        actions.update(
            keys.trade_reported_key(report.trade_id),
            "SET #type = :type, trade_id = :trade_id, last_reported_at = :at, last_reason = :reason, "
            "GSI1PK = :gsi1pk, GSI1SK = :gsi1sk ADD report_count :one",
            condition=None,
            names={"#type": "type"},
            values={
                "type": "TRADE_REPORTED",
                "trade_id": report.trade_id,
                "at": report.at,
                "reason": report.reason,
                "gsi1pk": queue["GSI1PK"],
                "gsi1sk": queue["GSI1SK"],
                "one": 1,
            },
        )
    )
    tx.commit()


def _report(item: dict) -> Report:
    data = from_item(item)
    return Report(
        trade_id=data["trade_id"],
        reporter_sub=data["reporter_sub"],
        reporter_username=data["reporter_username"],
        reason=data["reason"],
        at=data["at"],
    )


def _reported(item: dict) -> ReportedTrade:
    data = from_item(item)
    return ReportedTrade(
        trade_id=data["trade_id"],
        report_count=data.get("report_count", 0),
        last_reported_at=data["last_reported_at"],
        last_reason=data.get("last_reason", ""),
    )


def reported_trades(*, cursor: str | None = None, limit: int = 50) -> Page:
    """Reported trades, most recently reported first (GSI1 REPORTED): one Query per page."""
    query = {
        "IndexName": GSI1,
        "ScanIndexForward": False,
        "Limit": limit,
        "KeyConditionExpression": "GSI1PK = :pk",
        "ExpressionAttributeValues": values(pk=keys.REPORTED_QUEUE),
    }
    return table.query_page(query, scope="reported", cursor=cursor, mapper=_reported)


def reports_by(reporter_sub: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    """The reports a trader has filed, newest first (GSI2): one Query per page."""
    query = {
        "IndexName": GSI2,
        "ScanIndexForward": False,
        "Limit": limit,
        "KeyConditionExpression": "GSI2PK = :pk",
        "ExpressionAttributeValues": values(pk=keys.reports_by_pk(reporter_sub)),
    }
    return table.query_page(query, scope=f"reports-by:{reporter_sub}", cursor=cursor, mapper=_report)


def _note(item: dict) -> Note:
    data = from_item(item)
    return Note(
        trade_id=data["trade_id"],
        note_id=data["note_id"],
        moderator=Moderator(data["moderator_sub"], data["moderator_username"]),
        text=data["text"],
        at=data["at"],
    )


# --- a trade's whole partition ------------------------------------------------------------

_PARTITION_MAPPERS = {
    "TRADE": trade_from_item,
    "TRADE_EVENT": event_from_item,
    "TRADE_REPORT": _report,
    "TRADE_NOTE": _note,
}


def trade_partition(trade_id: str) -> tuple[Trade | None, list[TradeEvent], list[Report], list[Note]]:
    """The trade, its events (oldest first), reports and notes: one strongly consistent Query (paged)."""
    query = {
        "KeyConditionExpression": "PK = :pk",
        "ConsistentRead": True,
        "ExpressionAttributeValues": values(pk=keys.trade_pk(trade_id)),
    }
    found: dict[str, list] = {kind: [] for kind in _PARTITION_MAPPERS}
    for item in table.query_all(query):
        kind = item.get("type", {}).get("S")
        if kind in _PARTITION_MAPPERS:
            found[kind].append(_PARTITION_MAPPERS[kind](item))
    reports = sorted(found["TRADE_REPORT"], key=lambda r: r.at)
    trade = found["TRADE"][0] if found["TRADE"] else None
    return trade, found["TRADE_EVENT"], reports, found["TRADE_NOTE"]
