"""Helpers for the collections tests: API calls that assert their status and return the JSON body."""

BOLT = {"name": "Lightning Bolt", "set_code": "M11", "collector_number": "149"}
GOYF = {"name": "Tarmogoyf", "set_code": "FUT", "collector_number": "153", "condition": "LP"}


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, getattr(response, "data", response.content))
    return response.json() if response.content else None


def error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def create_binder(trader, name: str, visibility: str = "private", **extra) -> dict:
    return ok(trader.client.post("/api/binders/", {"name": name, "visibility": visibility, **extra}, format="json"),
              201)


def add_card(trader, binder_id: str, card: dict = BOLT, quantity: int = 1, status: int | None = None, **extra):
    response = trader.client.post(f"/api/binders/{binder_id}/cards/", {**card, "quantity": quantity, **extra},
                                  format="json")
    assert response.status_code in ((status,) if status else (200, 201)), (response.status_code, response.content)
    return response.json()


def get_binder(trader, binder_id: str) -> dict:
    return ok(trader.client.get(f"/api/binders/{binder_id}/"))


def all_pages(client, url: str, limit: int) -> tuple[list[dict], int]:
    """Every item of a paged listing, and the number of pages it took."""
    items, pages, cursor = [], 0, None
    while True:
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        body = ok(response)
        pages += 1
        items += body["results"]
        cursor = body["next"]
        if not cursor:
            return items, pages
