"""Twenty concurrent POSTs with one Idempotency-Key create exactly one trade; every other answer is
a replay of it or a 409. The emulator serializes requests as DynamoDB applies them."""

import uuid

from tests.helpers import own_client, race
from tests.security.helpers import proposal

THREADS = 20


def test_twenty_concurrent_proposals_with_one_key_create_one_trade(stocked, limits):
    alice, bob = stocked
    limits(trade_proposals="30/hour")  # the counter and the lock share one transaction
    key, body = f"race-{uuid.uuid4()}", proposal(alice, bob, message="once")
    clients = [own_client(alice) for _ in range(THREADS)]
    answers = race([lambda c=c: c.post("/api/trades/", body, format="json", HTTP_IDEMPOTENCY_KEY=key) for c in clients])
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) <= {201, 409}, statuses
    originals = [a for a in answers if a.status_code == 201 and not a.has_header("Idempotent-Replayed")]
    replays = [a for a in answers if a.has_header("Idempotent-Replayed")]
    conflicts = [a for a in answers if a.status_code == 409]
    assert len(originals) == 1
    assert all(r.json() == originals[0].json() for r in replays)
    assert all(c.json()["error"]["code"] == "idempotency_key_in_use" and c["Retry-After"] for c in conflicts)
    assert len(originals) + len(replays) + len(conflicts) == THREADS
    mine = alice.client.get("/api/trades/?role=proposer").json()["results"]
    assert len(mine) == 1, mine
    # once the first answer is stored, the key replays it
    late = alice.client.post("/api/trades/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert late.status_code == 201 and late["Idempotent-Replayed"] == "true"
    print(f"\n20 concurrent: 1 created, {len(replays)} replays, {len(conflicts)} x 409")
