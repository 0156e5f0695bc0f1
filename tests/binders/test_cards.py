"""Card entries through HTTP: add and merge, read, change, remove, move, search and pages."""

import pytest

from tests.binders.helpers import (
    GOYF,
    GOYF_ID,
    POOL,
    POOL_ID,
    add_card,
    all_pages,
    create_binder,
    error,
    get_binder,
    ok,
    seed_cards,
)
from tests.helpers import cursor_of

CARD_FIELDS = {
    "url",
    "id",
    "binder",
    "binder_id",
    "move",
    "name",
    "set_code",
    "collector_number",
    "scryfall_id",
    "oracle_id",
    "rarity",
    "image",
    "catalog",
    "finish",
    "condition",
    "language",
    "quantity",
    "notes",
    "created_at",
    "updated_at",
}


def test_add_read_change_remove(alice):
    binder = create_binder(alice, "Burn")
    response = alice.client.post(
        f"/api/binders/{binder['id']}/cards/",
        {
            **POOL,
            "quantity": 3,
            "finish": "foil",
            "language": "de",
            "notes": "signed",
            "scryfall_id": POOL_ID,
        },
        format="json",
    )
    card = ok(response, 201)
    assert set(card) == CARD_FIELDS
    assert card["id"].startswith(f"{binder['id']}-") and card["binder_id"] == binder["id"]
    assert (card["quantity"], card["finish"], card["condition"], card["language"]) == (3, "foil", "NM", "de")
    # The catalog fills in what it knows of the printing (a German copy of the English printing).
    assert (card["name"], card["scryfall_id"], card["rarity"]) == ("Breeding Pool", POOL_ID, "rare")
    assert card["oracle_id"] and set(card["image"]) == {"small", "normal"}
    assert card["catalog"].endswith(f"/api/catalog/cards/{POOL_ID}/")
    assert response["Location"].endswith(f"/api/binders/{binder['id']}/cards/{card['id']}/")
    url = f"/api/binders/{binder['id']}/cards/{card['id']}/"
    assert ok(alice.client.get(url)) == card
    assert get_binder(alice, binder["id"])["card_count"] == 3

    changed = ok(alice.client.patch(url, {"quantity": 7, "notes": "", "name": "Breeding Pool"}, format="json"))
    assert (changed["quantity"], changed["notes"], changed["name"]) == (7, "", "Breeding Pool")
    assert changed["id"] == card["id"] and ok(alice.client.get(url)) == changed
    assert get_binder(alice, binder["id"])["card_count"] == 7
    ok(alice.client.patch(url, {"quantity": 2}, format="json"))
    assert get_binder(alice, binder["id"])["card_count"] == 2

    ok(alice.client.delete(url), 204)
    error(alice.client.get(url), 404, "card_not_found")
    error(alice.client.delete(url), 404, "card_not_found")
    assert get_binder(alice, binder["id"])["card_count"] == 0
    ok(alice.client.delete(f"/api/binders/{binder['id']}/"), 204)  # empty again: no force needed


def test_adding_an_identical_entry_merges(alice):
    binder = create_binder(alice, "Merge")
    first = ok(
        alice.client.post(
            f"/api/binders/{binder['id']}/cards/", {**POOL, "quantity": 2, "notes": "first"}, format="json"
        ),
        201,
    )
    # Same printing, finish, condition, language (set code and number in another case): merged, 200.
    merged = ok(
        alice.client.post(
            f"/api/binders/{binder['id']}/cards/",
            {**POOL, "set_code": "rna", "quantity": 5, "notes": "second"},
            format="json",
        ),
        200,
    )
    assert merged["id"] == first["id"] and merged["quantity"] == 7
    assert merged["notes"] == "first" and merged["created_at"] == first["created_at"]
    # Named by its Scryfall id instead, it is the same entry.
    by_id = ok(alice.client.post(f"/api/binders/{binder['id']}/cards/", {"scryfall_id": POOL_ID}, format="json"))
    assert by_id["id"] == first["id"] and by_id["quantity"] == 8
    # Another condition, finish or language is another entry.
    others = [
        add_card(alice, binder["id"], POOL, 1, status=201, **{field: value})
        for field, value in (("condition", "LP"), ("finish", "foil"), ("language", "ja"))
    ]
    assert len({first["id"], *(o["id"] for o in others)}) == 4
    assert get_binder(alice, binder["id"])["card_count"] == 11
    # The same printing in another binder is another entry too.
    elsewhere = add_card(alice, "default", POOL, 1, status=201)
    assert elsewhere["id"] != first["id"] and elsewhere["id"].startswith("default-")


def test_the_catalog_names_the_printing_and_its_defaults(alice):
    binder = create_binder(alice, "Catalog")

    def add(body):
        return ok(alice.client.post(f"/api/binders/{binder['id']}/cards/", body, format="json"), 201)

    # The front face of a double-faced card names it; the entry keeps the full name.
    delver = add({"name": "delver of secrets", "set_code": "isd", "collector_number": "51"})
    assert (delver["name"], delver["set_code"], delver["finish"]) == (
        "Delver of Secrets // Insectile Aberration",
        "ISD",
        "nonfoil",
    )
    # The finish defaults to the printing's first: foil-only and etched-only printings.
    assert add({"set_code": "EXP", "collector_number": "15"})["finish"] == "foil"
    assert add({"set_code": "CLB", "collector_number": "483"})["finish"] == "etched"
    # A language the catalog has: that printing. One it has not: the English printing, the language kept.
    giant = add({"set_code": "IKO", "collector_number": "387", "language": "ja"})
    assert (giant["name"], giant["language"]) == ("Crystalline Giant", "ja")
    italian = add({**POOL, "language": "it"})
    assert (italian["scryfall_id"], italian["language"]) == (POOL_ID, "it")
    # By Scryfall id alone, the language is the printing's.
    assert add({"scryfall_id": giant["scryfall_id"], "condition": "LP"})["language"] == "ja"
    assert get_binder(alice, binder["id"])["card_count"] == 6


def test_quantity_ceiling_holds_across_merges(alice):
    binder = create_binder(alice, "Ceiling")
    card = add_card(alice, binder["id"], POOL, 998)
    error(
        alice.client.post(f"/api/binders/{binder['id']}/cards/", {**POOL, "quantity": 2}, format="json"),
        409,
        "quantity_limit_exceeded",
    )
    assert add_card(alice, binder["id"], POOL, 1, status=200)["quantity"] == 999
    assert get_binder(alice, binder["id"])["card_count"] == 999
    assert card["id"]


def test_identity_fields_cannot_change(alice):
    binder = create_binder(alice, "Fixed")
    card = add_card(alice, binder["id"], GOYF, 2)
    url = f"/api/binders/{binder['id']}/cards/{card['id']}/"
    body = error(
        alice.client.patch(url, {"condition": "NM", "set_code": "MM3", "quantity": 1}, format="json"),
        400,
        "identity_change",
    )
    assert set(body["details"]) == {"condition", "set_code"}
    # The printing is identity too: its name and Scryfall id come from the catalog.
    body = error(
        alice.client.patch(url, {"name": "Tarmogoyf (MM2)", "scryfall_id": POOL_ID, "notes": "x"}, format="json"),
        400,
        "identity_change",
    )
    assert set(body["details"]) == {"name", "scryfall_id"}
    assert ok(alice.client.get(url))["quantity"] == 2  # nothing written
    assert ok(alice.client.get(url))["notes"] == ""
    # Sending the current values back is fine.
    same = ok(
        alice.client.patch(
            url,
            {"condition": "LP", "set_code": "mm2", "name": "Tarmogoyf", "scryfall_id": GOYF_ID, "quantity": 3},
            format="json",
        )
    )
    assert same["quantity"] == 3 and same["condition"] == "LP"


def test_move_part_then_all_merging_at_the_destination(alice):
    source = create_binder(alice, "Source")
    target = create_binder(alice, "Target")
    card = add_card(alice, source["id"], GOYF, 5, notes="from a friend")
    already = add_card(alice, target["id"], GOYF, 1)
    url = f"/api/binders/{source['id']}/cards/{card['id']}/move"

    moved = ok(alice.client.post(url, {"to_binder_id": target["id"], "quantity": 2}, format="json"))
    assert moved["from"]["quantity"] == 3 and moved["to"]["id"] == already["id"] and moved["to"]["quantity"] == 3
    assert get_binder(alice, source["id"])["card_count"] == 3 and get_binder(alice, target["id"])["card_count"] == 3

    error(
        alice.client.post(url, {"to_binder_id": target["id"], "quantity": 4}, format="json"),
        409,
        "insufficient_quantity",
    )
    moved = ok(alice.client.post(url, {"to_binder_id": target["id"]}, format="json"))  # all of it
    assert moved["from"] is None and moved["to"]["quantity"] == 6
    error(alice.client.get(f"/api/binders/{source['id']}/cards/{card['id']}/"), 404)
    assert get_binder(alice, source["id"])["card_count"] == 0 and get_binder(alice, target["id"])["card_count"] == 6

    # A move into a binder without the printing creates the entry there, keeping its details.
    back = ok(
        alice.client.post(
            f"/api/binders/{target['id']}/cards/{already['id']}/move",
            {"to_binder_id": "default", "quantity": 1},
            format="json",
        )
    )
    assert back["to"]["id"].startswith("default-") and back["to"]["quantity"] == 1
    assert (back["to"]["name"], back["to"]["condition"], back["to"]["set_code"]) == ("Tarmogoyf", "LP", "MM2")


def test_move_refusals(alice):
    source = create_binder(alice, "From")
    card = add_card(alice, source["id"], POOL, 2)
    url = f"/api/binders/{source['id']}/cards/{card['id']}/move"
    error(alice.client.post(url, {"to_binder_id": source["id"]}, format="json"), 400, "same_binder")
    error(alice.client.post(url, {"to_binder_id": "zzzzzzzzzzzz"}, format="json"), 404, "binder_not_found")
    error(alice.client.post(url, {"to_binder_id": "not a binder"}, format="json"), 404, "binder_not_found")
    error(alice.client.post(url, {"to_binder_id": "default", "quantity": 0}, format="json"), 400, "invalid")
    error(alice.client.post(url, {"to_binder_id": "default", "owner": "x"}, format="json"), 400, "invalid")
    full = create_binder(alice, "Full")
    add_card(alice, full["id"], POOL, 998)
    error(alice.client.post(url, {"to_binder_id": full["id"]}, format="json"), 409, "quantity_limit_exceeded")
    assert ok(alice.client.get(f"/api/binders/{source['id']}/cards/{card['id']}/"))["quantity"] == 2
    assert get_binder(alice, full["id"])["card_count"] == 998 and get_binder(alice, source["id"])["card_count"] == 2


def test_entries_from_before_the_catalog_keep_working(alice):
    binder = create_binder(alice, "Old")
    seed_cards(alice.sub, binder["id"], 1, set_code="OLD")  # no printing linked
    [entry] = ok(alice.client.get(f"/api/binders/{binder['id']}/cards/"))["results"]
    assert entry["name"] == "Bulk 0" and entry["set_code"] == "OLD"
    assert [entry[k] for k in ("scryfall_id", "oracle_id", "rarity", "image", "catalog")] == [None] * 5
    url = entry["url"]
    changed = ok(alice.client.patch(url, {"quantity": 3, "notes": "from 2019", "scryfall_id": None}, format="json"))
    assert (changed["quantity"], changed["notes"]) == (3, "from 2019")
    # A PATCH does not link it to a printing: that is catalog_link's job.
    body = error(alice.client.patch(url, {"scryfall_id": POOL_ID}, format="json"), 400, "identity_change")
    assert set(body["details"]) == {"scryfall_id"}
    moved = ok(alice.client.post(entry["move"], {"to_binder_id": "default", "quantity": 1}, format="json"))
    assert moved["to"]["name"] == "Bulk 0" and moved["to"]["catalog"] is None
    ok(alice.client.delete(url), 204)
    assert get_binder(alice, binder["id"])["card_count"] == 0


def test_pages_cover_every_entry_once(alice):
    binder = create_binder(alice, "Paged")
    seed_cards(alice.sub, binder["id"], 23, set_code="PGE")
    items, pages = all_pages(alice.client, f"/api/binders/{binder['id']}/cards/", limit=5)
    assert pages == 5 and len(items) == 23 and len({i["id"] for i in items}) == 23
    default_page = ok(alice.client.get(f"/api/binders/{binder['id']}/cards/"))
    assert len(default_page["results"]) == 23 and default_page["next"] is None
    items, pages = all_pages(alice.client, "/api/cards/?set_code=pge", limit=10)
    assert pages >= 3 and len(items) == 23


def test_page_size_default_and_maximum(alice):
    binder = create_binder(alice, "Big")
    seed_cards(alice.sub, binder["id"], 201, set_code="BIG")
    first = ok(alice.client.get(f"/api/binders/{binder['id']}/cards/"))
    assert len(first["results"]) == 50 and first["next"]
    biggest = ok(alice.client.get(f"/api/binders/{binder['id']}/cards/?limit=200"))
    assert len(biggest["results"]) == 200 and biggest["next"]
    error(alice.client.get(f"/api/binders/{binder['id']}/cards/?limit=201"), 400)
    error(alice.client.get(f"/api/binders/{binder['id']}/cards/?limit=0"), 400)


@pytest.mark.parametrize("cursor", ["garbage", "abc.def", "", "%00", None])
def test_bad_or_tampered_cursors_are_400(alice, cursor):
    binder = create_binder(alice, f"Cursor {cursor}")
    seed_cards(alice.sub, binder["id"], 3, set_code="CUR")
    real = cursor_of(ok(alice.client.get(f"/api/binders/{binder['id']}/cards/?limit=1"))["next"])
    if cursor is None:  # a real cursor with one character of its payload changed
        payload, signature = real.split(".")
        cursor = ("A" if payload[5] != "A" else "B").join([payload[:5], payload[6:]]) + "." + signature
    if cursor == "":
        assert ok(alice.client.get(f"/api/binders/{binder['id']}/cards/?cursor="))["results"]
        return
    code = "invalid" if cursor == "%00" else "invalid_cursor"  # a NUL is refused by the query serializer
    error(alice.client.get(f"/api/binders/{binder['id']}/cards/?cursor={cursor}"), 400, code)


def test_a_cursor_works_only_for_its_own_listing(alice, bob):
    binder = create_binder(alice, "Scoped", "tradeable")
    other = create_binder(alice, "Other")
    seed_cards(alice.sub, binder["id"], 3, set_code="SCP")
    cursor = cursor_of(ok(alice.client.get(f"/api/binders/{binder['id']}/cards/?limit=1"))["next"])
    error(alice.client.get(f"/api/binders/{other['id']}/cards/?cursor={cursor}"), 400, "invalid_cursor")
    error(alice.client.get(f"/api/cards/?cursor={cursor}"), 400, "invalid_cursor")
    # The same binder seen by another trader is the same listing: the cursor carries on.
    rest = ok(bob.client.get(f"/api/traders/{alice.username}/binders/{binder['id']}/cards/?cursor={cursor}"))
    assert len(rest["results"]) == 2


def test_search_by_name_prefix_set_and_binder(alice):
    one = create_binder(alice, "One")
    two = create_binder(alice, "Two")
    add_card(alice, one["id"], {"name": "Jötun Grunt", "set_code": "CSP", "collector_number": "8"})
    add_card(alice, one["id"], POOL, 2)
    add_card(alice, one["id"], {"set_code": "MH2", "collector_number": "121"})  # Dragon's Rage Channeler
    add_card(alice, two["id"], {"name": "Breeding Pool", "set_code": "GTC", "collector_number": "240"})
    add_card(alice, two["id"], GOYF)

    def names(query):
        return sorted((c["name"], c["set_code"]) for c in ok(alice.client.get(f"/api/cards/{query}"))["results"])

    assert names("?name=breeding") == [("Breeding Pool", "GTC"), ("Breeding Pool", "RNA")]
    assert names("?name=BREEDING%20p") == [("Breeding Pool", "GTC"), ("Breeding Pool", "RNA")]
    assert names("?name=jotun") == [("Jötun Grunt", "CSP")]  # accents and case do not matter
    assert names("?name=dragons%20rage") == [("Dragon's Rage Channeler", "MH2")]  # nor apostrophes
    assert names("?name=dragon%27s") == [("Dragon's Rage Channeler", "MH2")]
    assert names("?name=pool") == []  # a prefix, not a substring
    assert names("?set_code=mm2") == [("Tarmogoyf", "MM2")]
    assert names(f"?binder_id={two['id']}") == [("Breeding Pool", "GTC"), ("Tarmogoyf", "MM2")]
    assert names(f"?binder_id={one['id']}&name=breed") == [("Breeding Pool", "RNA")]
    assert names("?name=breed&set_code=gtc") == [("Breeding Pool", "GTC")]
    assert len(names("")) == 5
    assert len(names("?name=&set_code=&binder_id=")) == 5  # blank criteria (an empty form) are no criteria
    assert names("?binder_id=zzzzzzzzzzzz") == []
    error(alice.client.get("/api/cards/?set_code=toolongcode"), 400, "invalid")
    error(alice.client.get("/api/cards/?binder_id=../../x"), 404, "binder_not_found")


def test_the_browsable_api_renders_every_collection_page(alice):
    binder = create_binder(alice, "Browsable", "tradeable")
    card = add_card(alice, binder["id"], POOL, 2)
    for url in (
        "/api/binders/",
        f"/api/binders/{binder['id']}/",
        f"/api/binders/{binder['id']}/cards/",
        f"/api/binders/{binder['id']}/cards/{card['id']}/",
        "/api/cards/?name=breed",
        f"/api/traders/{alice.username}/binders/",
        f"/api/traders/{alice.username}/binders/{binder['id']}/cards/",
        "/api/",
    ):
        response = alice.client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), url
    assert b"binders" in alice.client.get("/api/", HTTP_ACCEPT="application/json").content
