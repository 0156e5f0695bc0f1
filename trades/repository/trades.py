"""Trades in the single table: reads, and the transactions that change a trade.

Every change of a trade writes the trade (conditioned on the version and status it was
read at), its event and both parties' views in one transaction. Completing a trade adds
the card transfers (binders.repository.transfers) to that same transaction; moderation
adds its audit entry through ``add_transition``.
"""

import heapq
import re
from collections import Counter
from decimal import Decimal

from accounts.domain import ProfileRequired
from accounts.repository import add_counter
from binders.repository.transfers import add_transfer
from tradeapi.db import actions, keys, table
from tradeapi.db.cursors import decode_cursor, encode_cursor
from tradeapi.db.items import to_wire, values
from tradeapi.db.schema import GSI1, GSI2
from tradeapi.db.transactions import ConflictHandler, Failure, Transaction
from tradeapi.paging import Page
from trades.domain.errors import TradeChanged, TradeNotFound, TransferConflict
from trades.domain.plan import TransferPlan
from trades.domain.trades import Role, Trade, TradeEvent, TradeStatus
from trades.repository.items import (
    event_data,
    event_from_item,
    parties,
    trade_data,
    trade_from_item,
    view_data,
    view_from_item,
)

TRADE_ID = re.compile(keys.TRADE_ID_PATTERN)


# --- reads ----------------------------------------------------------------------------


def trade_get(trade_id: str) -> Trade:
    """The trade, read strongly consistently; TradeNotFound if there is none."""
    if not TRADE_ID.fullmatch(trade_id or ""):
        raise TradeNotFound()  # not an id we could have issued (and never a key DynamoDB would refuse)
    item = table.get_item(keys.trade_key(trade_id))
    if item is None:
        raise TradeNotFound()
    return trade_from_item(item)


def trades_get_many(trade_ids: list[str]) -> dict[str, Trade]:
    """Trades by id (BatchGetItem, 100 keys a call); missing ones are left out."""
    found = table.batch_get([keys.trade_key(t) for t in trade_ids], consistent=False)
    trades = (trade_from_item(item) for item in found.values())
    return {trade.trade_id: trade for trade in trades}


def trade_events(trade_id: str, *, cursor: str | None = None, limit: int = 100) -> Page:
    """The trade's events, oldest first (one Query per page)."""
    query = {
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": values(pk=keys.trade_pk(trade_id), prefix=keys.trade_events_prefix()),
        "Limit": limit,
        "ConsistentRead": True,
    }
    return table.query_page(query, scope=f"trade-events:{trade_id}", cursor=cursor, mapper=event_from_item)


def trade_views(
    sub: str, *, status: TradeStatus | None = None, role: Role | None = None, cursor: str | None = None, limit: int = 50
) -> Page:
    """A trader's trades, newest first: one Query per page.

    No filter: the trader's partition. By role: GSI1. By status: GSI2. By both: GSI2
    filtered on role (a page may then hold fewer than ``limit`` rows; follow ``next``).
    """
    scope = f"my-trades:{sub}:{status.value if status else ''}:{role.value if role else ''}"
    query: dict = {"ScanIndexForward": False, "Limit": limit}
    if status is not None:
        query.update(
            IndexName=GSI2,
            KeyConditionExpression="GSI2PK = :pk",
            ExpressionAttributeValues=values(pk=keys.my_trades_by_status_pk(sub, status.value)),
        )
        if role is not None:
            query["FilterExpression"] = "#role = :role"
            query["ExpressionAttributeNames"] = {"#role": "role"}
            query["ExpressionAttributeValues"].update(values(role=role.value))
    elif role is not None:
        query.update(
            IndexName=GSI1,
            KeyConditionExpression="GSI1PK = :pk",
            ExpressionAttributeValues=values(pk=keys.my_trades_by_role_pk(sub, role.value)),
        )
    else:
        query.update(
            KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues=values(pk=keys.user_pk(sub), prefix=keys.trade_views_prefix()),
        )
    return table.query_page(query, scope=scope, cursor=cursor, mapper=view_from_item)


def trades_by_status(
    status: TradeStatus | str,
    cursor: str | None = None,
    limit: int = 50,
    *,
    created_before: str | None = None,
    lopsided_only: bool = False,
) -> Page:
    """Trades in ``status``, newest first (by created_at), from the sharded GSI1.

    One Query per shard (``keys.TRADE_STATUS_SHARDS``), merged by sort key; the cursor
    is the last sort key returned, so the next page asks every shard for older ones.
    ``created_before`` (an ISO time) keeps only trades created before it. GSI reads are
    eventually consistent: never use this to read back a trade written in the same flow.

    ``lopsided_only`` filters on the flag stored at each offer (a FilterExpression: each shard still
    reads ``limit`` items). A filtered shard that stopped early bounds the page: only items at or above
    the highest such stopping point are returned (so none of that shard's unread items is skipped), and
    the cursor continues from there; a page may then be short, or even empty with ``next`` set.
    """
    status = TradeStatus(status)
    scope = f"trades-by-status:{status.value}"
    start = decode_cursor(cursor, scope=scope)
    upper = start["GSI1SK"]["S"] if start and "GSI1SK" in start else None
    if created_before is not None and (upper is None or created_before < upper):
        upper = created_before
    streams = []
    more = False
    frontier = None  # lopsided_only: the highest sort key a shard stopped at
    for shard in range(keys.TRADE_STATUS_SHARDS):
        query = {
            "IndexName": GSI1,
            "ScanIndexForward": False,
            "Limit": limit,
            "KeyConditionExpression": "GSI1PK = :pk",
            "ExpressionAttributeValues": values(pk=keys.trade_status_pk(status.value, shard)),
        }
        if upper is not None:
            query["KeyConditionExpression"] += " AND GSI1SK < :upper"
            query["ExpressionAttributeValues"].update(values(upper=upper))
        if lopsided_only:
            query["FilterExpression"] = "lopsided = :lopsided"
            query["ExpressionAttributeValues"].update(values(lopsided=True))
        items, last_key = table.query_once(query)
        more = more or last_key is not None
        if lopsided_only and last_key is not None:
            frontier = max(frontier or "", last_key["GSI1SK"]["S"])
        streams.append([(i["GSI1SK"]["S"], i) for i in items])
    merged = list(heapq.merge(*streams, key=lambda pair: pair[0], reverse=True))
    if frontier is not None:
        merged = [pair for pair in merged if pair[0] >= frontier]
    page, rest = merged[:limit], merged[limit:]
    next_cursor = None
    if page and (rest or more):
        next_cursor = encode_cursor({"GSI1SK": to_wire(page[-1][0])}, scope=scope)
    elif frontier is not None:
        next_cursor = encode_cursor({"GSI1SK": to_wire(frontier)}, scope=scope)
    return Page([trade_from_item(item) for _, item in page], next_cursor)


# --- statistics for the moderation overview ---------------------------------------------


def trade_stats(*, since: str) -> tuple[Counter, Counter, Counter, dict]:
    """Counts per status, trades created per day and completed per day since ``since``, and the value
    completed per day (the completed offers' frozen ``offer_value``, in the flag currency: {day: Decimal}).

    One sweep of the status index (every status, every shard), projecting four small
    attributes. It reads the whole index, so callers cache the result.
    """
    counts, created, completed, completed_value = Counter(), Counter(), Counter(), {}
    for status in TradeStatus:
        for shard in range(keys.TRADE_STATUS_SHARDS):
            query = {
                "IndexName": GSI1,
                "KeyConditionExpression": "GSI1PK = :pk",
                "ProjectionExpression": "created_at, updated_at, offer_value",
                "ExpressionAttributeValues": values(pk=keys.trade_status_pk(status.value, shard)),
            }
            for item in table.query_all(query):
                counts[status.value] += 1
                created_at = item["created_at"]["S"]
                if created_at >= since:
                    created[created_at[:10]] += 1
                updated_at = item.get("updated_at", {}).get("S", "")
                if status is TradeStatus.COMPLETED and updated_at >= since:
                    completed[updated_at[:10]] += 1
                    worth = item.get("offer_value", {}).get("S") or "0"
                    completed_value[updated_at[:10]] = completed_value.get(updated_at[:10], Decimal(0)) + Decimal(worth)
    return counts, created, completed, completed_value


# --- writes ---------------------------------------------------------------------------


def _changed(failures: list[Failure]) -> TradeChanged:
    """The trade moved on before our write: the stored trade, from the cancellation reason if given."""
    item = failures[0].reason.get("Item")
    current = trade_from_item(item) if item and "trade_id" in item else trade_get(failures[0].tag)
    return TradeChanged(current)


def add_transition(
    tx: Transaction,
    old: Trade,
    new: Trade,
    event: TradeEvent,
    *,
    require_not_held: bool = False,
    on_conflict: ConflictHandler | None = None,
) -> None:
    """Add to ``tx``: the trade replaced by ``new`` on condition that it is still ``old`` (version and
    status, and optionally not held), the event, and both parties' views. A changed trade raises
    ``TradeChanged`` (or what ``on_conflict`` returns)."""
    condition = "version = :expected_version AND #status = :expected_status"
    condition_values = {"expected_version": old.version, "expected_status": old.status.value}
    if require_not_held:
        condition += " AND (attribute_not_exists(held) OR held = :not_held)"
        condition_values["not_held"] = False
    tx.add(
        actions.put(
            trade_data(new),
            condition=condition,
            values=condition_values,
            names={"#status": "status"},
            return_old_on_failure=True,
        ),
        on_conflict=on_conflict or _changed,
        tag=old.trade_id,
    )
    tx.add(actions.put(event_data(event)))
    for party, role in parties(new):
        tx.add(actions.put(view_data(new, party, role), condition=actions.EXISTS))


def trade_create(trade: Trade, event: TradeEvent) -> None:
    """The trade, its first event, both views and both parties' trade_count: one transaction."""
    tx = Transaction()
    tx.add(actions.put(trade_data(trade)))
    tx.add(actions.put(event_data(event)))
    for party, role in parties(trade):
        tx.add(actions.put(view_data(trade, party, role)))
    for party, _ in parties(trade):
        add_counter(
            tx,
            party.sub,
            "trade_count",
            1,
            on_conflict=lambda failures: ProfileRequired("Create your profile before trading."),
        )
    tx.commit()


def trade_save(old: Trade, new: Trade, event: TradeEvent, *, require_not_held: bool = False) -> None:
    """Move the trade from ``old`` to ``new`` with its event; ``TradeChanged`` if it is no longer ``old``."""
    tx = Transaction()
    add_transition(tx, old, new, event, require_not_held=require_not_held)
    tx.commit()


def trade_complete(old: Trade, completed: Trade, event: TradeEvent, plan: TransferPlan, held: dict) -> None:
    """Complete the trade and move every card in ONE transaction.

    ``held`` is the givers' entries as just read, {(owner_sub, card_id): CardEntry}. A changed
    trade raises ``TradeChanged``; a card entry or binder that changed raises ``TransferConflict``
    naming the entry changes that failed.
    """
    tx = Transaction()
    add_transition(tx, old, completed, event, require_not_held=True)
    add_transfer(
        tx,
        plan.entries.values(),
        plan.binder_deltas,
        held,
        completed.updated_at,
        on_conflict=lambda failures: TransferConflict([f.tag for f in failures if f.tag is not None]),
    )
    tx.commit()
