"""Moderation items in the single table: audit log, reports, notes, suspensions, user search, trade stats.

Writes are returned as TransactWriteItems actions, so a moderator's action and its
audit entry always go into one transaction. Audit entries are only ever Put with
``attribute_not_exists``: nothing in the code updates or deletes them.
"""

from collections import Counter

from django.conf import settings

from accounts.repository import profile_from_item
from tradeapi import aws
from tradeapi.db import keys
from tradeapi.db.cursors import Page, decode_cursor, encode_cursor
from tradeapi.db.items import from_item, to_item, values, wire_key
from moderation.domain import AuditEntry, ModerationAction, Moderator, Note, Report, ReportedTrade
from trades.domain.trades import Trade, TradeEvent, TradeStatus
from trades.repository.trades import event_from_item, trade_from_item


def _table() -> str:
    return settings.TABLE_NAME


def _query_page(kwargs: dict, scope: str, cursor: str | None, mapper) -> Page:
    start = decode_cursor(cursor, scope=scope)
    if start:
        kwargs["ExclusiveStartKey"] = start
    response = aws.dynamodb().query(**kwargs)
    return Page([mapper(item) for item in response.get("Items", [])],
                encode_cursor(response.get("LastEvaluatedKey"), scope=scope))


# --- audit log ------------------------------------------------------------------------


def audit_put_action(entry: AuditEntry) -> dict:
    item = {
        **keys.audit_key(entry.at, entry.audit_id),
        **keys.audit_index_keys(entry.moderator.username, entry.target, entry.at, entry.audit_id),
        "type": "AUDIT", "audit_id": entry.audit_id, "at": entry.at,
        "moderator_sub": entry.moderator.sub, "moderator_username": entry.moderator.username,
        "action": entry.action.value, "target": entry.target, "target_label": entry.target_label,
        "reason": entry.reason, "details": entry.details,
    }
    return {"Put": {"TableName": _table(), "Item": to_item(item), "ConditionExpression": "attribute_not_exists(PK)"}}


def audit_from_item(item: dict) -> AuditEntry:
    data = from_item(item)
    return AuditEntry(audit_id=data["audit_id"], at=data["at"],
                      moderator=Moderator(data["moderator_sub"], data["moderator_username"]),
                      action=ModerationAction(data["action"]), target=data["target"],
                      target_label=data.get("target_label", ""), reason=data.get("reason", ""),
                      details=data.get("details", {}))


def audit_list(*, moderator: str | None = None, target: str | None = None, cursor: str | None = None,
               limit: int = 50) -> Page:
    """The audit log newest first: all of it (the AUDIT partition), by moderator (GSI1) or by target (GSI2).

    One Query per page. With both filters, the target index is queried and filtered on the moderator.
    """
    kwargs: dict = {"TableName": _table(), "ScanIndexForward": False, "Limit": limit}
    if target:
        kwargs.update(IndexName="GSI2", KeyConditionExpression="GSI2PK = :pk",
                      ExpressionAttributeValues=values(pk=keys.audit_on_pk(target)))
        if moderator:
            kwargs["FilterExpression"] = "GSI1PK = :mod"
            kwargs["ExpressionAttributeValues"].update(values(mod=keys.audit_by_pk(moderator)))
    elif moderator:
        kwargs.update(IndexName="GSI1", KeyConditionExpression="GSI1PK = :pk",
                      ExpressionAttributeValues=values(pk=keys.audit_by_pk(moderator)))
    else:
        kwargs.update(KeyConditionExpression="PK = :pk", ExpressionAttributeValues=values(pk=keys.AUDIT))
    scope = f"audit:{moderator or ''}:{target or ''}"
    return _query_page(kwargs, scope, cursor, audit_from_item)


# --- reports and notes -----------------------------------------------------------------


def report_actions(report: Report) -> list[dict]:
    """[report Put (once per reporter: fails if one exists), reported-marker Update (count, queue position)]."""
    item = {**keys.trade_report_key(report.trade_id, report.reporter_sub), "type": "TRADE_REPORT",
            "trade_id": report.trade_id, "reporter_sub": report.reporter_sub,
            "reporter_username": report.reporter_username, "reason": report.reason, "at": report.at,
            **keys.reports_by_keys(report.reporter_sub, report.at, report.trade_id)}
    queue = keys.reported_queue_keys(report.at, report.trade_id)
    marker = {"Update": {
        "TableName": _table(), "Key": wire_key(keys.trade_reported_key(report.trade_id)),
        "UpdateExpression": "SET #type = :type, trade_id = :trade_id, last_reported_at = :at, last_reason = :reason, "
                            "GSI1PK = :gsi1pk, GSI1SK = :gsi1sk ADD report_count :one",
        "ExpressionAttributeNames": {"#type": "type"},
        "ExpressionAttributeValues": values(type="TRADE_REPORTED", trade_id=report.trade_id, at=report.at,
                                            reason=report.reason, gsi1pk=queue["GSI1PK"], gsi1sk=queue["GSI1SK"],
                                            one=1),
    }}
    return [{"Put": {"TableName": _table(), "Item": to_item(item), "ConditionExpression": "attribute_not_exists(PK)"}},
            marker]


def _report(item: dict) -> Report:
    data = from_item(item)
    return Report(trade_id=data["trade_id"], reporter_sub=data["reporter_sub"],
                  reporter_username=data["reporter_username"], reason=data["reason"], at=data["at"])


def _reported(item: dict) -> ReportedTrade:
    data = from_item(item)
    return ReportedTrade(trade_id=data["trade_id"], report_count=data.get("report_count", 0),
                         last_reported_at=data["last_reported_at"], last_reason=data.get("last_reason", ""))


def reported_trades(*, cursor: str | None = None, limit: int = 50) -> Page:
    """Reported trades, most recently reported first (GSI1 REPORTED): one Query per page."""
    kwargs = {"TableName": _table(), "IndexName": "GSI1", "ScanIndexForward": False, "Limit": limit,
              "KeyConditionExpression": "GSI1PK = :pk", "ExpressionAttributeValues": values(pk=keys.REPORTED_QUEUE)}
    return _query_page(kwargs, "reported", cursor, _reported)


def reports_by(reporter_sub: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    """The reports a trader has filed, newest first (GSI2): one Query per page."""
    kwargs = {"TableName": _table(), "IndexName": "GSI2", "ScanIndexForward": False, "Limit": limit,
              "KeyConditionExpression": "GSI2PK = :pk",
              "ExpressionAttributeValues": values(pk=keys.reports_by_pk(reporter_sub))}
    return _query_page(kwargs, f"reports-by:{reporter_sub}", cursor, _report)


def note_put_action(note: Note) -> dict:
    item = {**keys.trade_note_key(note.trade_id, note.at, note.note_id), "type": "TRADE_NOTE",
            "trade_id": note.trade_id, "note_id": note.note_id, "moderator_sub": note.moderator.sub,
            "moderator_username": note.moderator.username, "text": note.text, "at": note.at}
    return {"Put": {"TableName": _table(), "Item": to_item(item), "ConditionExpression": "attribute_not_exists(PK)"}}


def _note(item: dict) -> Note:
    data = from_item(item)
    return Note(trade_id=data["trade_id"], note_id=data["note_id"],
                moderator=Moderator(data["moderator_sub"], data["moderator_username"]), text=data["text"],
                at=data["at"])


# --- a trade's whole partition ------------------------------------------------------------


def trade_partition(trade_id: str) -> tuple[Trade | None, list[TradeEvent], list[Report], list[Note]]:
    """The trade, its events (oldest first), reports and notes: one strongly consistent Query (paged)."""
    kwargs = {"TableName": _table(), "KeyConditionExpression": "PK = :pk", "ConsistentRead": True,
              "ExpressionAttributeValues": values(pk=keys.trade_pk(trade_id))}
    trade, events, reports, notes = None, [], [], []
    while True:
        response = aws.dynamodb().query(**kwargs)
        for item in response.get("Items", []):
            kind = item.get("type", {}).get("S")
            if kind == "TRADE":
                trade = trade_from_item(item)
            elif kind == "TRADE_EVENT":
                events.append(event_from_item(item))
            elif kind == "TRADE_REPORT":
                reports.append(_report(item))
            elif kind == "TRADE_NOTE":
                notes.append(_note(item))
        if "LastEvaluatedKey" not in response:
            break
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    reports.sort(key=lambda r: r.at)
    return trade, events, reports, notes


def trades_get_many(trade_ids: list[str]) -> dict[str, Trade]:
    """Trades by id with BatchGetItem (100 keys a call); missing ones are left out."""
    found: dict[str, Trade] = {}
    unique = list(dict.fromkeys(trade_ids))
    for start in range(0, len(unique), 100):
        request = {_table(): {"Keys": [wire_key(keys.trade_key(t)) for t in unique[start:start + 100]]}}
        while request:
            response = aws.dynamodb().batch_get_item(RequestItems=request)
            for item in response.get("Responses", {}).get(_table(), []):
                trade = trade_from_item(item)
                found[trade.trade_id] = trade
            request = response.get("UnprocessedKeys") or None
    return found


# --- suspensions and user search ------------------------------------------------------------


def profile_suspension_action(sub: str, *, suspended: bool, reason: str, now: str) -> dict:
    """Set or clear the profile's suspension flag, on condition that it is in the other state."""
    condition = ("attribute_exists(PK) AND (attribute_not_exists(suspended) OR suspended = :false)" if suspended
                 else "attribute_exists(PK) AND suspended = :true")
    return {"Update": {
        "TableName": _table(), "Key": wire_key(keys.profile_key(sub)),
        "UpdateExpression": "SET suspended = :flag, suspended_reason = :reason, suspended_at = :at, "
                            "updated_at = :at",
        "ConditionExpression": condition,
        "ExpressionAttributeValues": values(flag=suspended, reason=reason if suspended else "", at=now,
                                            **({"false": False} if suspended else {"true": True})),
    }}


def users_by_prefix(prefix: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    """Profiles whose username starts with ``prefix`` (case-insensitive), in order: one Query on GSI1."""
    lowered = prefix.lower()
    kwargs = {"TableName": _table(), "IndexName": "GSI1", "Limit": limit,
              "KeyConditionExpression": "GSI1PK = :pk AND begins_with(GSI1SK, :prefix)",
              "ExpressionAttributeValues": values(pk=keys.user_search_pk(lowered), prefix=lowered)}
    return _query_page(kwargs, f"users:{lowered}", cursor, profile_from_item)


# --- statistics for the overview -----------------------------------------------------------


def trade_stats(*, since: str) -> tuple[Counter, Counter, Counter]:
    """Counts per status, trades created per day and completed per day since ``since``.

    One sweep of the status index (every status, every shard), projecting three small
    attributes. It reads the whole index, so callers cache the result.
    """
    counts, created, completed = Counter(), Counter(), Counter()
    for status in TradeStatus:
        for shard in range(keys.TRADE_STATUS_SHARDS):
            kwargs = {"TableName": _table(), "IndexName": "GSI1", "KeyConditionExpression": "GSI1PK = :pk",
                      "ProjectionExpression": "created_at, updated_at",
                      "ExpressionAttributeValues": values(pk=keys.trade_status_pk(status.value, shard))}
            while True:
                response = aws.dynamodb().query(**kwargs)
                for item in response.get("Items", []):
                    counts[status.value] += 1
                    created_at = item["created_at"]["S"]
                    if created_at >= since:
                        created[created_at[:10]] += 1
                    updated_at = item.get("updated_at", {}).get("S", "")
                    if status is TradeStatus.COMPLETED and updated_at >= since:
                        completed[updated_at[:10]] += 1
                if "LastEvaluatedKey" not in response:
                    break
                kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return counts, created, completed
