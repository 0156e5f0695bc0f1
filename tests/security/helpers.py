"""Helpers for the security suite: the error shape, threads released together, and trade bodies."""


def error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def proposal(alice, bob, message: str = "") -> dict:
    return {
        "recipient": bob.username,
        "offered": [{"card_id": alice.card, "quantity": 1}],
        "requested": [{"card_id": bob.card, "quantity": 1}],
        "message": message,
    }


def id_from_location(response) -> str:
    """The id at the end of a 201's Location (the body's field names are the API layer's to choose)."""
    assert response.status_code == 201, (response.status_code, response.content[:300])
    return response["Location"].rstrip("/").split("/")[-1]
