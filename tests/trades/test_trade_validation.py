"""Bad proposals and counters: 4xx in the one error shape, and nothing written."""

import pytest

from tests.trades.helpers import act, add_card, make_binder, propose, quantity


@pytest.fixture
def stocked(alice, bob):
    alice.binder = make_binder(alice.sub)
    bob.binder = make_binder(bob.sub)
    bob.private = make_binder(bob.sub, visibility="private")
    alice.bolt = add_card(alice.sub, alice.binder, 2, set_code="M10", number="146")
    alice.hidden = add_card(alice.sub, "default", 1, set_code="LEA", number="1")
    bob.goyf = add_card(bob.sub, bob.binder, 1, set_code="FUT", number="153")
    bob.secret = add_card(bob.sub, bob.private, 1, set_code="LEA", number="232")
    return alice, bob


def _post(trader, body):
    return trader.client.post("/api/trades/", body, format="json")


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "recipient"),
        ({"recipient": "x", "offered": "nope"}, "offered"),
        ({"recipient": "x", "offered": [{"card_id": "not-a-card", "quantity": 1}]}, "offered"),
        ({"recipient": "x", "offered": [{"card_id": "abc-0123456789abcdef", "quantity": 0}]}, "offered"),
        ({"recipient": "x", "offered": [{"card_id": "abc-0123456789abcdef", "quantity": "many"}]}, "offered"),
        ({"recipient": "x", "offered": [{"card_id": "abc-0123456789abcdef"}]}, "offered"),
        ({"recipient": "x", "message": "m" * 1001, "offered": []}, "message"),
        ({"recipient": "x", "offered": [{"card_id": f"abc-{i:016x}", "quantity": 1} for i in range(41)]}, "offered"),
    ],
)
def test_malformed_proposals_are_400_per_field(alice, body, field):
    response = _post(alice, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid" and field in response.json()["error"]["details"]


def test_offer_rules(stocked):
    alice, bob = stocked
    cases = [
        (propose(alice, bob), 400, "invalid_offer"),  # no lines
        (propose(alice, alice, offered=[(alice.bolt, 1)]), 400, "invalid_offer"),  # yourself
        (
            _post(alice, {"recipient": "nobody-at-all", "offered": [{"card_id": alice.bolt, "quantity": 1}]}),
            400,
            "invalid_offer",
        ),
        (
            _post(alice, {"recipient": bob.username, "offered": [{"card_id": alice.bolt, "quantity": 1}] * 2}),
            400,
            "invalid_offer",
        ),  # the same entry twice on one side
        (propose(alice, bob, offered=[(alice.bolt, 3)]), 409, "cards_unavailable"),  # more than she holds
        (propose(alice, bob, offered=[(bob.goyf, 1)]), 409, "cards_unavailable"),  # not her card
        (propose(alice, bob, requested=[(bob.secret, 1)]), 409, "cards_unavailable"),  # private binder
        (propose(alice, bob, requested=[(alice.hidden, 1)]), 409, "cards_unavailable"),  # not his card
    ]
    for response, status, code in cases:
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), response.json()
    assert alice.client.get("/api/trades/").json()["results"] == []


def test_offered_cards_may_come_from_any_binder_but_requested_only_from_tradeable_ones(stocked):
    alice, bob = stocked
    response = propose(alice, bob, offered=[(alice.hidden, 1)], requested=[(bob.goyf, 1)])
    assert response.status_code == 201  # alice's default binder is private, but she offers it herself
    details = propose(alice, bob, requested=[(bob.secret, 1), (bob.goyf, 2)]).json()["error"]["details"]
    assert details["lines"] == [
        {"side": "requested", "card_id": bob.secret, "quantity": 1, "available": 0},
        {"side": "requested", "card_id": bob.goyf, "quantity": 2, "available": 1},
    ]


def test_counter_is_checked_like_a_proposal(stocked):
    alice, bob = stocked
    trade = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    for body, status in [
        ({"offered": [], "requested": []}, 400),  # no version
        ({"version": 1, "offered": [], "requested": []}, 400),  # no lines
        ({"version": 1, "offered": [], "requested": [{"card_id": alice.bolt, "quantity": 5}]}, 409),
        ({"version": 1, "offered": [{"card_id": bob.secret, "quantity": 1}], "requested": []}, 201),
    ]:
        response = act(bob, trade["id"], "counter", **body)
        assert response.status_code == (200 if status == 201 else status), response.json()
    # bob may offer from his private binder; alice may not ask for it back in a counter.
    response = act(
        alice, trade["id"], "counter", version=2, offered=[], requested=[{"card_id": bob.secret, "quantity": 1}]
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "cards_unavailable"


@pytest.mark.parametrize("action", ["accept", "decline", "cancel", "counter"])
def test_version_is_required_on_every_transition(stocked, action):
    alice, bob = stocked
    trade = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    for body in ({}, {"version": "one"}, {"version": 0}):
        response = act(bob, trade["id"], action, **body)
        assert response.status_code == 400 and "version" in response.json()["error"]["details"]
    assert quantity(alice.sub, alice.bolt) == 2


def test_tampered_cursor_and_bad_filters_are_400(alice):
    for query in ("cursor=garbage", "status=PENDING", "role=boss", "limit=0", "limit=201"):
        response = alice.client.get(f"/api/trades/?{query}")
        assert response.status_code == 400, query
    assert alice.client.get("/api/trades/nosuch/events/?cursor=x.y").status_code == 404


def test_every_trade_endpoint_needs_a_token():
    from rest_framework.test import APIClient

    anonymous = APIClient()
    for method, url in [
        ("get", "/api/trades/"),
        ("post", "/api/trades/"),
        ("get", "/api/trades/x/"),
        ("get", "/api/trades/x/events/"),
        ("post", "/api/trades/x/accept"),
        ("post", "/api/trades/x/counter"),
        ("post", "/api/trades/x/decline"),
        ("post", "/api/trades/x/cancel"),
    ]:
        response = getattr(anonymous, method)(url, {}, format="json")
        assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated", url


def test_ids_that_could_never_exist_are_404_not_a_backend_error(alice):
    for trade_id in ("x" * 3000, "ABCDEF0123456789ABCD", "0123456789abcdef012", "%23TRADE"):
        response = alice.client.get(f"/api/trades/{trade_id}/")
        assert response.status_code == 404, trade_id


def test_history_cannot_be_written_through_the_api(stocked):
    alice, bob = stocked
    trade = propose(alice, bob, offered=[(alice.bolt, 1)]).json()
    url = f"/api/trades/{trade['id']}/events/"
    for method in ("post", "put", "patch", "delete"):
        response = getattr(alice.client, method)(url, {"kind": "accepted"}, format="json")
        assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
    assert [e["kind"] for e in alice.client.get(url).json()["results"]] == ["proposed"]
