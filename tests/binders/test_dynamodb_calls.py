"""DynamoDB operations per endpoint, recorded with botocore's event hooks: pinned, and never a Scan."""

import pytest

from tests.binders.helpers import GOYF, POOL, add_card, create_binder
from tests.helpers import recorded_aws_calls


def _dynamo(calls) -> dict:
    found = {op: n for (service, op), n in calls.items() if service == "dynamodb"}
    assert "Scan" not in found
    return found


@pytest.fixture
def shelf(alice, bob):
    binder = create_binder(alice, "Counted", "tradeable")
    other = create_binder(alice, "Other")
    card = add_card(alice, binder["id"], POOL, 5)
    add_card(alice, binder["id"], GOYF, 1)
    return alice, bob, binder["id"], other["id"], card["id"]


def test_operation_counts_per_endpoint(shelf):
    alice, bob, b, other, c = shelf
    card_url = f"/api/binders/{b}/cards/{c}/"
    steps = [
        (alice, "get", "/api/binders/", None, 200, {"Query": 1}),
        (alice, "post", "/api/binders/", {"name": "New"}, 201, {"TransactWriteItems": 1}),
        (alice, "get", f"/api/binders/{b}/", None, 200, {"GetItem": 1}),
        (alice, "patch", f"/api/binders/{b}/", {"description": "d"}, 200, {"GetItem": 1, "UpdateItem": 1}),
        (alice, "patch", f"/api/binders/{b}/", {"name": "Renamed"}, 200, {"GetItem": 1, "TransactWriteItems": 1}),
        (alice, "get", f"/api/binders/{b}/cards/", None, 200, {"Query": 1}),
        (alice, "get", f"/api/binders/{other}/cards/", None, 200, {"Query": 1, "GetItem": 1}),  # empty: binder?
        (
            alice,
            "post",
            f"/api/binders/{b}/cards/",
            {**POOL, "quantity": 2},
            200,
            {"TransactWriteItems": 1, "GetItem": 2},  # + the catalog's printing
        ),
        (
            alice,
            "post",
            f"/api/binders/{b}/cards/",
            {**POOL, "language": "it", "quantity": 1},
            201,
            {"TransactWriteItems": 1, "GetItem": 3},  # no Italian printing: the English one
        ),
        (alice, "get", card_url, None, 200, {"GetItem": 1}),
        (alice, "patch", card_url, {"notes": "n"}, 200, {"GetItem": 1, "UpdateItem": 1}),
        (alice, "patch", card_url, {"quantity": 9}, 200, {"GetItem": 1, "TransactWriteItems": 1}),
        (
            alice,
            "post",
            f"{card_url}move",
            {"to_binder_id": other, "quantity": 4},
            200,
            {"GetItem": 1, "TransactWriteItems": 1, "BatchGetItem": 1},
        ),
        (alice, "get", "/api/cards/?name=breed", None, 200, {"Query": 1}),
        (alice, "get", "/api/cards/?set_code=RNA", None, 200, {"Query": 1}),
        (alice, "get", f"/api/cards/?binder_id={b}&set_code=RNA", None, 200, {"Query": 1}),
        (bob, "get", f"/api/traders/{alice.username}/binders/", None, 200, {"GetItem": 1, "Query": 1}),
        (bob, "get", f"/api/traders/{alice.username}/binders/{b}/cards/", None, 200, {"GetItem": 2, "Query": 1}),
        (alice, "delete", card_url, None, 204, {"GetItem": 1, "TransactWriteItems": 1}),
        (
            alice,
            "delete",
            f"/api/binders/{other}/?force=true",
            None,
            204,
            {"GetItem": 1, "Query": 1, "TransactWriteItems": 1},
        ),
        (
            alice,
            "delete",
            f"/api/binders/{b}/?force=true",
            None,
            204,
            {"GetItem": 1, "Query": 1, "TransactWriteItems": 1},
        ),
    ]
    for trader, method, url, body, status, expected in steps:
        with recorded_aws_calls() as calls:
            response = (
                getattr(trader.client, method)(url, body, format="json")
                if body
                else getattr(trader.client, method)(url)
            )
        assert response.status_code == status, (method, url, response.content)
        assert _dynamo(calls) == expected, (method, url)


def test_an_empty_binder_delete_is_one_read_and_one_transaction(alice):
    binder = create_binder(alice, "Empty")
    with recorded_aws_calls() as calls:
        assert alice.client.delete(f"/api/binders/{binder['id']}/").status_code == 204
    assert _dynamo(calls) == {"GetItem": 1, "TransactWriteItems": 1}
