"""DynamoDB calls per dashboard page and action (the session read is one GetItem on the cache table)."""

from decimal import Decimal

from django.core.cache import cache

from moderation.services import reads as reads
from tests.dashboard.helpers import confirmed, propose
from tests.helpers import recorded_aws_calls
from trades.domain.trades import TradeStatus


def _dynamo(calls) -> dict:
    found = {op: n for (service, op), n in calls.items() if service == "dynamodb"}
    assert "Scan" not in found
    return found


def test_calls_per_page_and_action(stocked, staff_browser):
    trade = propose(stocked)
    stocked.bob.client.post(f"/api/trades/{trade.trade_id}/report", {"reason": "x"}, format="json")
    days = [f"2026-10-{d:02d}" for d in range(1, 31)]  # statistics as the 60 s cache holds them
    cache.set(
        reads.STATS_CACHE_KEY, ({s.value: 0 for s in TradeStatus}, days, [0] * 30, [0] * 30, [Decimal(0)] * 30), 60
    )
    alice = stocked.alice.username
    expected = {
        "/dashboard/": {"GetItem": 2, "Query": 2, "BatchGetItem": 1},  # session, cached stats; reported, audit
        "/dashboard/trades/": {"GetItem": 1, "Query": 8},  # one Query per status shard
        "/dashboard/trades/?lopsided=on": {"GetItem": 1, "Query": 8},  # the same, filtered on the stored flag
        f"/dashboard/trades/?trader={alice}": {"GetItem": 3, "Query": 1, "BatchGetItem": 1},
        "/dashboard/trades/reported/": {"GetItem": 1, "Query": 1, "BatchGetItem": 1},
        # the trade's partition + its audit; today's prices of its printings (values "now")
        f"/dashboard/trades/{trade.trade_id}/": {"GetItem": 1, "Query": 2, "BatchGetItem": 1},
        "/dashboard/users/?q=al": {"GetItem": 1, "Query": 1},
        "/dashboard/audit/": {"GetItem": 1, "Query": 1},
    }
    for path, calls_expected in expected.items():
        with recorded_aws_calls() as calls:
            assert staff_browser.get(path).status_code == 200
        assert _dynamo(calls) == calls_expected, path
    with recorded_aws_calls() as calls:
        confirmed(staff_browser, f"/dashboard/trades/{trade.trade_id}/hold/", "r", version=1)
    assert _dynamo(calls) == {"GetItem": 2, "TransactWriteItems": 1}  # session, trade; action + audit together
    cache.delete(reads.STATS_CACHE_KEY)
