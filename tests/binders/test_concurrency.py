"""Many threads against one entry or one name: no update is lost, nothing goes negative, totals are conserved.

The embedded emulator serializes requests (as DynamoDB's conditions and transactions
behave); these tests prove the application's conditions and retries, not moto's locking.
"""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from rest_framework.test import APIClient

from tests.binders.helpers import GOYF, POOL, add_card, create_binder, get_binder, ok


def _clients(trader, count: int) -> list[APIClient]:
    """One APIClient per thread, each with the trader's token."""
    clients = []
    for _ in range(count):
        client = APIClient()
        client.credentials(**trader.client._credentials)
        clients.append(client)
    return clients


def _in_threads(calls) -> list:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_twenty_threads_adding_the_same_printing_lose_nothing(alice):
    binder = create_binder(alice, "Contended")
    url = f"/api/binders/{binder['id']}/cards/"
    calls = [
        lambda c=c, q=q: c.post(url, {**POOL, "quantity": q}, format="json")
        for q, c in enumerate(_clients(alice, 20), start=1)
    ]
    statuses = Counter(r.status_code for r in _in_threads(calls))
    assert statuses == {201: 1, 200: 19}  # one created the entry, the others merged into it
    total = sum(range(1, 21))
    cards = ok(alice.client.get(url))["results"]
    assert [c["quantity"] for c in cards] == [total]
    assert get_binder(alice, binder["id"])["card_count"] == total


def test_ten_threads_moving_from_one_entry_conserve_the_total(alice):
    source = create_binder(alice, "Pile")
    targets = [create_binder(alice, "Left"), create_binder(alice, "Right")]
    card = add_card(alice, source["id"], GOYF, 10)
    url = f"/api/binders/{source['id']}/cards/{card['id']}/move"
    calls = [
        lambda c=c, i=i: c.post(url, {"to_binder_id": targets[i % 2]["id"], "quantity": 3}, format="json")
        for i, c in enumerate(_clients(alice, 10))
    ]
    responses = _in_threads(calls)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 3, 409: 7}, statuses  # 3 × 3 fit in 10; the rest find too few left
    assert all(r.json()["error"]["code"] == "insufficient_quantity" for r in responses if r.status_code == 409)
    left = ok(alice.client.get(f"/api/binders/{source['id']}/cards/{card['id']}/"))["quantity"]
    moved = [
        sum(c["quantity"] for c in ok(alice.client.get(f"/api/binders/{t['id']}/cards/"))["results"]) for t in targets
    ]
    assert left == 1 and sum(moved) == 9
    assert [get_binder(alice, t["id"])["card_count"] for t in targets] == moved
    assert get_binder(alice, source["id"])["card_count"] == 1


def test_ten_threads_moving_all_of_one_entry_move_it_once(alice):
    source = create_binder(alice, "Whole")
    target = create_binder(alice, "Dest")
    card = add_card(alice, source["id"], POOL, 7)
    url = f"/api/binders/{source['id']}/cards/{card['id']}/move"
    responses = _in_threads(
        [lambda c=c: c.post(url, {"to_binder_id": target["id"]}, format="json") for c in _clients(alice, 10)]
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses[200] == 1 and statuses[200] + statuses[404] == 10, statuses  # later ones find no entry
    assert [c["quantity"] for c in ok(alice.client.get(f"/api/binders/{target['id']}/cards/"))["results"]] == [7]
    assert get_binder(alice, source["id"])["card_count"] == 0 and get_binder(alice, target["id"])["card_count"] == 7


def test_concurrent_changes_to_one_entry_keep_card_count_exact(alice):
    """PATCHes of quantity (some to the value already there) racing adds of the same printing."""
    binder = create_binder(alice, "Busy")
    card = add_card(alice, binder["id"], POOL, 50)
    url = f"/api/binders/{binder['id']}/cards/{card['id']}/"
    clients = _clients(alice, 12)
    calls = [
        lambda c=c, q=q: c.patch(url, {"quantity": q}, format="json")
        for c, q in zip(clients[:6], (50, 50, 50, 1, 2, 3), strict=True)
    ] + [
        lambda c=c: c.post(f"/api/binders/{binder['id']}/cards/", {**POOL, "quantity": 5}, format="json")
        for c in clients[6:]
    ]
    responses = _in_threads(calls)
    # A PATCH whose read keeps going stale under this many writers may give up (409 cards_changing): never a 5xx.
    assert all(
        r.status_code in (200, 201) or (r.status_code == 409 and r.json()["error"]["code"] == "cards_changing")
        for r in responses
    ), [(r.status_code, r.content) for r in responses]
    assert sum(r.status_code == 200 for r in responses[:6]) >= 1
    cards = ok(alice.client.get(f"/api/binders/{binder['id']}/cards/"))["results"]
    assert get_binder(alice, binder["id"])["card_count"] == sum(c["quantity"] for c in cards)


def test_ten_threads_creating_the_same_name_make_one_binder(alice):
    responses = _in_threads(
        [
            lambda c=c, i=i: c.post("/api/binders/", {"name": "Race" if i % 2 else "RACE"}, format="json")
            for i, c in enumerate(_clients(alice, 10))
        ]
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: 9}
    assert ok(alice.client.get("/api/me"))["binder_count"] == 2
