"""Isolation: a second trader gets 404 from every endpoint and method aimed at the first one's binders and cards.

Only tradeable binders are visible to others, read-only, through /api/traders/{username}/...
"""

import pytest
from rest_framework.test import APIClient

from accounts.services import profile_create
from tests.binders.helpers import GOYF, POOL, add_card, create_binder, error, ok
from tests.helpers import TEST_PASSWORD, Trader, cognito_login, unique_username
from tradeapi.local import demo

CARD_BODY = {**POOL, "quantity": 1}


def _trader(prefix: str) -> Trader:
    username = unique_username(prefix)
    account = demo.create_user(username, f"{username}@example.com", TEST_PASSWORD)
    profile_create(sub=account.sub, username=username, email=account.email)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {cognito_login(username)['AccessToken']}")
    return Trader(username=username, sub=account.sub, email=account.email, password=TEST_PASSWORD, client=client)


@pytest.fixture(scope="module")
def world(local_stack):
    """alice's binders and cards, and bob. Shared by the module: every request below is refused, changing nothing."""
    alice, bob = _trader("alice"), _trader("bob")
    private = create_binder(alice, "Private")
    tradeable = create_binder(alice, "For Trade", "tradeable")
    cards = {
        "private": add_card(alice, private["id"], POOL, 3, notes="mine"),
        "tradeable": add_card(alice, tradeable["id"], GOYF, 2, notes="mine too"),
        "default": add_card(alice, "default", POOL, 1, notes="alice default"),
    }
    binders = {"private": private["id"], "tradeable": tradeable["id"], "default": "default"}
    return alice, bob, binders, cards


def _snapshot(trader):
    binders = ok(trader.client.get("/api/binders/"))["results"]
    cards = ok(trader.client.get("/api/cards/"))["results"]
    return sorted(binders, key=lambda b: b["id"]), sorted(cards, key=lambda c: c["id"])


REQUESTS = [
    ("get", "/api/binders/{b}/", None),
    ("patch", "/api/binders/{b}/", {"description": "hijacked"}),
    ("patch", "/api/binders/{b}/", {"name": "Hijacked", "visibility": "tradeable"}),
    ("delete", "/api/binders/{b}/", None),
    ("delete", "/api/binders/{b}/?force=true", None),
    ("get", "/api/binders/{b}/cards/", None),
    ("post", "/api/binders/{b}/cards/", CARD_BODY),
    ("get", "/api/binders/{b}/cards/{c}/", None),
    ("patch", "/api/binders/{b}/cards/{c}/", {"quantity": 99}),
    ("delete", "/api/binders/{b}/cards/{c}/", None),
    ("post", "/api/binders/{b}/cards/{c}/move", {"to_binder_id": "default", "quantity": 1}),
]


@pytest.mark.parametrize("which", ["private", "tradeable"])
@pytest.mark.parametrize(
    "method, template, body",
    REQUESTS,
    ids=[f"{m} {t.split('/api/')[1]}{'+' + next(iter(b)) if b else ''}" for m, t, b in REQUESTS],
)
def test_another_traders_binders_and_cards_are_404(world, which, method, template, body):
    alice, bob, binders, cards = world
    before = _snapshot(alice)
    url = template.format(b=binders[which], c=cards[which]["id"])
    response = getattr(bob.client, method)(url, body, format="json") if body else getattr(bob.client, method)(url)
    error(response, 404)
    assert _snapshot(alice) == before


def test_default_binder_cards_of_another_trader_are_404(world):
    alice, bob, binders, cards = world
    before = _snapshot(alice)
    url = f"/api/binders/default/cards/{cards['default']['id']}/"
    for method, body in (("get", None), ("patch", {"quantity": 5}), ("delete", None)):
        error(getattr(bob.client, method)(url, body, format="json"), 404, "card_not_found")
    own = create_binder(bob, "Mine")
    error(bob.client.post(url + "move", {"to_binder_id": own["id"]}, format="json"), 404, "card_not_found")
    assert _snapshot(alice) == before


def test_moving_into_another_traders_binder_is_404(world):
    alice, bob, binders, cards = world
    own = add_card(bob, "default", POOL, 2)
    for target in (binders["private"], binders["tradeable"]):
        error(
            bob.client.post(f"/api/binders/default/cards/{own['id']}/move", {"to_binder_id": target}, format="json"),
            404,
            "binder_not_found",
        )
    assert ok(bob.client.get(f"/api/binders/default/cards/{own['id']}/"))["quantity"] == 2


def test_search_sees_only_your_own_cards(world):
    alice, bob, binders, cards = world
    theirs = set()
    for query in ("?name=breeding", f"?binder_id={binders['private']}", "?set_code=MM2", ""):
        theirs |= {(c["id"], c["notes"]) for c in ok(bob.client.get(f"/api/cards/{query}"))["results"]}
    assert not theirs & {(c["id"], c["notes"]) for c in cards.values()}
    assert all(notes == "" for _id, notes in theirs)


def test_tradeable_binders_are_visible_read_only(world):
    """Runs last in this module: it turns the tradeable binder private."""
    alice, bob, binders, cards = world
    listed = ok(bob.client.get(f"/api/traders/{alice.username}/binders/"))
    assert [b["id"] for b in listed["results"]] == [binders["tradeable"]]
    assert listed["results"][0]["card_count"] == 2
    page = ok(bob.client.get(f"/api/traders/{alice.username}/binders/{binders['tradeable']}/cards/"))
    assert [c["id"] for c in page["results"]] == [cards["tradeable"]["id"]]
    assert "notes" not in page["results"][0]  # the owner's notes stay private
    for which in ("private", "default"):
        error(bob.client.get(f"/api/traders/{alice.username}/binders/{binders[which]}/cards/"), 404, "binder_not_found")
    error(bob.client.get("/api/traders/nobody-by-this-name/binders/"), 404)
    error(bob.client.get(f"/api/traders/nobody-by-this-name/binders/{binders['tradeable']}/cards/"), 404)
    for method in ("post", "patch", "delete", "put"):
        response = getattr(bob.client, method)(f"/api/traders/{alice.username}/binders/", {}, format="json")
        assert response.status_code == 405
    # Turning it private hides it at once.
    ok(alice.client.patch(f"/api/binders/{binders['tradeable']}/", {"visibility": "private"}, format="json"))
    assert ok(bob.client.get(f"/api/traders/{alice.username}/binders/"))["results"] == []
    error(bob.client.get(f"/api/traders/{alice.username}/binders/{binders['tradeable']}/cards/"), 404)
