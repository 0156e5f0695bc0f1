"""Collection value: pinned DynamoDB calls (miss and hit); a card change or a price import invalidates the cache."""

from binders.services.cards import card_add, card_update
from catalog.importer import import_records
from tests.helpers import recorded_aws_calls
from tests.trades.helpers import make_binder
from tests.trades.test_trade_values import TODAY, priced_copies


def _dynamo(calls) -> dict:
    return {op: n for (service, op), n in calls.items() if service == "dynamodb"}


def test_binder_value_pinned_calls_and_its_cache(alice):
    dear, cheap, unpriced = priced_copies({"usd": "40.00"}, {"usd": "0.25", "usd_foil": "1.00"}, {})
    import_records([dear, cheap, unpriced], prices_date=TODAY)
    binder = make_binder(alice.sub)
    card_add(owner_sub=alice.sub, binder_id=binder, quantity=2, scryfall_id=dear["id"], condition="MP")
    foil, _ = card_add(owner_sub=alice.sub, binder_id=binder, quantity=3, scryfall_id=cheap["id"], finish="foil")
    card_add(owner_sub=alice.sub, binder_id=binder, quantity=1, scryfall_id=unpriced["id"])
    url = f"/api/binders/{binder}/value"

    with recorded_aws_calls() as calls:
        cold = alice.client.get(url)
    assert cold.status_code == 200, cold.content
    # the binder (its version), the prices stamp, the cache; the entries, their prices; the cache write
    assert _dynamo(calls) == {"GetItem": 3, "Query": 1, "BatchGetItem": 1, "PutItem": 1}
    value = cold.json()
    assert value["total"]["amount"] == "59.00"  # 40.00 × 0.70 × 2 + 1.00 × 3
    assert value["entries"] == {"priced": 2, "unpriced": 1, "unpriced_by_reason": {"no_price_in_currency": 1}}
    assert (value["oldest_price_date"], value["currency"], value["cached"]) == (TODAY, "USD", False)

    with recorded_aws_calls() as calls:
        warm = alice.client.get(url).json()
    assert _dynamo(calls) == {"GetItem": 3}
    assert warm["cached"] is True and warm["total"] == value["total"]

    # A card change bumps the binder's version: recomputed.
    card_update(owner_sub=alice.sub, binder_id=binder, card_id=foil.card_id, changes={"quantity": 1})
    changed = alice.client.get(url).json()
    assert (changed["cached"], changed["total"]["amount"]) == (False, "57.00")
    assert alice.client.get(url).json()["cached"] is True

    # A price import bumps the catalog's prices stamp: recomputed.
    import_records([{**dear, "prices": {**dear["prices"], "usd": "50.00"}}], prices_date=TODAY)
    repriced = alice.client.get(url).json()
    assert (repriced["cached"], repriced["total"]["amount"]) == (False, "71.00")

    # The whole collection: the binders Query names every binder's version.
    with recorded_aws_calls() as calls:
        mine = alice.client.get("/api/me/value").json()
    assert _dynamo(calls) == {"Query": 2, "GetItem": 2, "BatchGetItem": 1, "PutItem": 1}
    assert (mine["total"]["amount"], mine["binders"], mine["cached"]) == ("71.00", 2, False)
    with recorded_aws_calls() as calls:
        assert alice.client.get("/api/me/value").json()["cached"] is True
    assert _dynamo(calls) == {"Query": 1, "GetItem": 2}
    assert alice.client.get("/api/binders/nosuchbinder/value").status_code in (400, 404)
