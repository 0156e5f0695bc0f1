"""Helpers for the collections tests: API calls that assert their status and return the JSON body."""

# Printings of the sample catalog (catalog/sample) that the tests add by set + collector number.
POOL = {"name": "Breeding Pool", "set_code": "RNA", "collector_number": "246"}  # nonfoil, foil
POOL_ID = "bb54233c-0844-4965-9cde-e8a4ef3e11b8"  # its Scryfall id
GOYF = {"name": "Tarmogoyf", "set_code": "MM2", "collector_number": "165", "condition": "LP"}  # nonfoil, foil
GOYF_ID = "1cfdd410-391b-4b71-8139-f5a30653097a"
# Distinct printings (each made non-foil), for tests that need several entries.
PRINTINGS = [
    {"set_code": set_code, "collector_number": number}
    for set_code, number in (
        ("RNA", "246"),
        ("GTC", "240"),
        ("MM2", "165"),
        ("MM2", "75"),
        ("MH2", "121"),
        ("KHM", "139"),
        ("NEO", "266"),
        ("M11", "70"),
        ("NPH", "35"),
        ("ISD", "51"),
        ("THB", "190"),
        ("RTR", "238"),
        ("TSR", "355"),
        ("SLD", "1151"),
        ("MBS", "8"),
        ("CSP", "8"),
    )
]


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
    return ok(
        trader.client.post("/api/binders/", {"name": name, "visibility": visibility, **extra}, format="json"), 201
    )


def add_card(trader, binder_id: str, card: dict = POOL, quantity: int = 1, status: int | None = None, **extra):
    response = trader.client.post(
        f"/api/binders/{binder_id}/cards/", {**card, "quantity": quantity, **extra}, format="json"
    )
    assert response.status_code in ((status,) if status else (200, 201)), (response.status_code, response.content)
    return response.json()


def get_binder(trader, binder_id: str) -> dict:
    return ok(trader.client.get(f"/api/binders/{binder_id}/"))


def all_pages(client, url: str, limit: int) -> tuple[list[dict], int]:
    """Every item of a paged listing, and the number of pages it took."""
    items, pages = [], 0
    sep = "&" if "?" in url else "?"
    url = f"{url}{sep}limit={limit}"
    while url:
        body = ok(client.get(url))
        pages += 1
        items += body["results"]
        url = body["next"]  # a full URL, the cursor opaque inside it
    return items, pages


def seed_cards(sub: str, binder_id: str, count: int, set_code: str = "BLK") -> None:
    """``count`` one-copy entries in a binder, written directly (BatchWriteItem) per the data-model contract,
    with the binder's card_count raised to match. Much faster in moto than ``count`` merge transactions."""
    from django.conf import settings

    from binders.domain.cards import normalize_name
    from tradeapi import aws, clock
    from tradeapi.db import keys
    from tradeapi.db.items import to_item, values

    now = clock.now_iso()
    items = []
    for number in range(count):
        name = f"Bulk {number}"
        card_id = keys.card_id(binder_id, set_code, str(number), "nonfoil", "NM", "en")
        items.append(
            {
                **keys.card_key(sub, card_id),
                **keys.card_search_keys(sub, normalize_name(name), card_id),
                "type": "CARD",
                "owner_sub": sub,
                "binder_id": binder_id,
                "card_id": card_id,
                "name": name,
                "name_norm": normalize_name(name),
                "set_code": set_code,
                "collector_number": str(number),
                "finish": "nonfoil",
                "condition": "NM",
                "language": "en",
                "quantity": 1,
                "notes": "",
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    ddb = aws.dynamodb()
    for start in range(0, count, 25):
        request = {settings.TABLE_NAME: [{"PutRequest": {"Item": to_item(i)}} for i in items[start : start + 25]]}
        while request:
            request = ddb.batch_write_item(RequestItems=request).get("UnprocessedItems") or None
    binder_key = {k: {"S": v} for k, v in keys.binder_key(sub, binder_id).items()}
    ddb.update_item(
        TableName=settings.TABLE_NAME,
        Key=binder_key,
        UpdateExpression="ADD card_count :n, version :one",
        ExpressionAttributeValues=values(n=count, one=1),
    )
