"""Every transition × proposer, recipient and outsider × every state, with the expected status code."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from accounts.services import profile_create
from tests.helpers import TEST_PASSWORD, cognito_login, unique_username
from tests.trades.helpers import add_card, make_binder
from tradeapi import clock
from tradeapi.local import demo
from trades.domain.offers import LineRequest
from trades.domain.trades import Party
from trades.services import trades as services

STATES = ["OPEN", "COUNTERED", "COMPLETED", "DECLINED", "CANCELLED", "EXPIRED"]
ACTORS = ["proposer", "recipient", "outsider"]

# Who may act in each live state: OPEN → the recipient's turn; COUNTERED (by the recipient) → the proposer's.
ALLOWED = {
    ("OPEN", "counter"): "recipient",
    ("OPEN", "accept"): "recipient",
    ("OPEN", "decline"): "recipient",
    ("OPEN", "cancel"): "proposer",
    ("COUNTERED", "counter"): "proposer",
    ("COUNTERED", "accept"): "proposer",
    ("COUNTERED", "decline"): "proposer",
    ("COUNTERED", "cancel"): "recipient",
}


def expected(state: str, action: str, actor: str) -> int:
    if actor == "outsider":
        return 404
    if state not in ("OPEN", "COUNTERED"):
        return 409
    return 200 if ALLOWED[(state, action)] == actor else 403


class Person:
    def __init__(self, prefix):
        username = unique_username(prefix)
        account = demo.create_user(username, f"{username}@example.com", TEST_PASSWORD)
        profile_create(sub=account.sub, username=username, email=account.email)
        self.party = Party(account.sub, username)
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {cognito_login(username)['AccessToken']}")
        self.binder = make_binder(account.sub)
        self.card = add_card(account.sub, self.binder, 10_000, set_code=prefix[:3].upper(), number="7")


@pytest.fixture(scope="module")
def people(local_stack):
    return {"proposer": Person("prop"), "recipient": Person("recp"), "outsider": Person("outs")}


def make_trade(people, state: str):
    p, r = people["proposer"], people["recipient"]
    real_now = clock.now
    if state == "EXPIRED":
        clock.now = lambda: real_now() - timedelta(days=30)
    try:
        trade = services.trade_propose(
            actor=p.party,
            recipient_username=r.party.username,
            offered=[LineRequest(p.card, 1)],
            requested=[LineRequest(r.card, 1)],
        )
    finally:
        clock.now = real_now
    if state == "COUNTERED":
        trade = services.trade_counter(
            actor=r.party,
            trade_id=trade.trade_id,
            version=1,
            offered=[LineRequest(r.card, 2)],
            requested=[LineRequest(p.card, 1)],
        )
    elif state == "COMPLETED":
        trade = services.trade_accept(actor=r.party, trade_id=trade.trade_id, version=1)
    elif state == "DECLINED":
        trade = services.trade_decline(actor=r.party, trade_id=trade.trade_id, version=1, reason="no")
    elif state == "CANCELLED":
        trade = services.trade_cancel(actor=p.party, trade_id=trade.trade_id, version=1)
    return trade


def body_for(people, action, actor, trade) -> dict:
    body = {"version": trade.version}
    if action == "counter":
        me = people[actor]
        other = people["recipient" if actor == "proposer" else "proposer"]
        body.update(offered=[{"card_id": me.card, "quantity": 1}], requested=[{"card_id": other.card, "quantity": 1}])
    return body


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ["counter", "accept", "decline", "cancel"])
@pytest.mark.parametrize("actor", ACTORS)
def test_transition_matrix(people, state, action, actor):
    trade = make_trade(people, state)
    response = people[actor].client.post(
        f"/api/trades/{trade.trade_id}/{action}", body_for(people, action, actor, trade), format="json"
    )
    want = expected(state, action, actor)
    assert response.status_code == want, response.json()
    if want != 200:
        assert set(response.json()["error"]) == {"code", "message", "details"}
    after = services.trade_get_for(actor=people["proposer"].party, trade_id=trade.trade_id)
    if want == 200:
        assert after.version == trade.version + 1
    else:
        assert after.status.value == state and (after.version == trade.version or state == "EXPIRED")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("actor", ACTORS)
def test_read_matrix(people, state, actor):
    trade = make_trade(people, state)
    client = people[actor].client
    want = 404 if actor == "outsider" else 200
    assert client.get(f"/api/trades/{trade.trade_id}/").status_code == want
    assert client.get(f"/api/trades/{trade.trade_id}/events/").status_code == want
