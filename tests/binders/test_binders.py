"""Binders through HTTP: CRUD, unique names, the default binder, deletes with and without force."""

from tests.binders.helpers import GOYF, POOL, add_card, create_binder, error, get_binder, ok, seed_cards


def test_create_read_list_update_delete(alice):
    created = create_binder(alice, "Trade Stock", "tradeable", description="for trading")
    assert set(created) == {
        "url",
        "cards",
        "id",
        "name",
        "description",
        "visibility",
        "is_default",
        "card_count",
        "created_at",
        "updated_at",
    }
    assert created["card_count"] == 0 and created["is_default"] is False and created["visibility"] == "tradeable"
    assert len(created["id"]) == 12
    assert get_binder(alice, created["id"]) == created
    # The links lead where they say: the binder itself, and its (empty) card list.
    assert ok(alice.client.get(created["url"])) == created
    assert ok(alice.client.get(created["cards"]))["results"] == []

    listed = ok(alice.client.get("/api/binders/"))
    assert {b["id"] for b in listed["results"]} == {"default", created["id"]}
    assert listed["next"] is None

    changed = ok(
        alice.client.patch(
            f"/api/binders/{created['id']}/", {"description": "changed", "visibility": "private"}, format="json"
        )
    )
    assert changed["description"] == "changed" and changed["visibility"] == "private"
    assert changed["name"] == "Trade Stock" and changed["updated_at"] > created["updated_at"]
    assert ok(alice.client.get("/api/me"))["binder_count"] == 2

    ok(alice.client.delete(f"/api/binders/{created['id']}/"), 204)
    error(alice.client.get(f"/api/binders/{created['id']}/"), 404, "binder_not_found")
    assert ok(alice.client.get("/api/me"))["binder_count"] == 1
    # The name is free again.
    create_binder(alice, "trade stock")


def test_names_are_unique_per_owner_case_insensitively(alice, bob):
    first = create_binder(alice, "Modern")
    body = error(alice.client.post("/api/binders/", {"name": "MODERN"}, format="json"), 409, "binder_name_taken")
    assert "name" in body["details"]
    create_binder(bob, "Modern")  # another owner may use it
    second = create_binder(alice, "Legacy")
    error(
        alice.client.patch(f"/api/binders/{second['id']}/", {"name": "modern"}, format="json"), 409, "binder_name_taken"
    )
    assert get_binder(alice, second["id"])["name"] == "Legacy"
    # Renaming moves the claim: the old name is free, the new one taken.
    ok(alice.client.patch(f"/api/binders/{first['id']}/", {"name": "Pioneer"}, format="json"))
    create_binder(alice, "modern")
    error(alice.client.post("/api/binders/", {"name": "PIONEER"}, format="json"), 409, "binder_name_taken")
    # A change of case only keeps the claim.
    renamed = ok(alice.client.patch(f"/api/binders/{first['id']}/", {"name": "PIONEER"}, format="json"))
    assert renamed["name"] == "PIONEER"
    error(alice.client.post("/api/binders/", {"name": "pioneer"}, format="json"), 409, "binder_name_taken")
    assert ok(alice.client.get("/api/me"))["binder_count"] == 4


def test_default_binder_exists_and_cannot_be_deleted(alice):
    default = get_binder(alice, "default")
    assert default["is_default"] is True and default["name"] == "Default"
    assert (default["description"], default["visibility"], default["card_count"]) == (
        "Cards you receive in trades land here.",
        "private",
        0,
    )
    error(alice.client.post("/api/binders/", {"name": "DEFAULT"}, format="json"), 409, "binder_name_taken")
    error(alice.client.delete("/api/binders/default/"), 409, "default_binder_protected")
    error(alice.client.delete("/api/binders/default/?force=true"), 409, "default_binder_protected")
    get_binder(alice, "default")


def test_delete_with_cards_needs_force_and_then_removes_them(alice):
    binder = create_binder(alice, "Doomed")
    bolt = add_card(alice, binder["id"], POOL, 4)
    add_card(alice, binder["id"], GOYF, 2)
    error(alice.client.delete(f"/api/binders/{binder['id']}/"), 409, "binder_not_empty")
    assert get_binder(alice, binder["id"])["card_count"] == 6
    ok(alice.client.delete(f"/api/binders/{binder['id']}/?force=true"), 204)
    error(alice.client.get(f"/api/binders/{binder['id']}/"), 404)
    error(alice.client.get(f"/api/binders/{binder['id']}/cards/{bolt['id']}/"), 404)
    assert ok(alice.client.get("/api/cards/"))["results"] == []
    assert ok(alice.client.get("/api/me"))["binder_count"] == 1
    create_binder(alice, "Doomed")  # the name claim went too


def test_force_delete_past_one_transaction(alice):
    """150 entries: more than one transaction holds. All go, and card_count is exact at every step."""
    binder = create_binder(alice, "Bulk")
    seed_cards(alice.sub, binder["id"], 150)
    assert get_binder(alice, binder["id"])["card_count"] == 150
    ok(alice.client.delete(f"/api/binders/{binder['id']}/?force=true"), 204)
    error(alice.client.get(f"/api/binders/{binder['id']}/"), 404)
    assert ok(alice.client.get("/api/cards/?set_code=BLK"))["results"] == []
    assert ok(alice.client.get("/api/me"))["binder_count"] == 1


def test_demo_collections(make_trader):
    """Each demo trader gets 2 named binders of real cards (one tradeable) besides the default one."""
    from types import SimpleNamespace

    from binders import demo

    traders = {name: make_trader(name) for name in ("alice", "bob", "carol")}
    accounts = [SimpleNamespace(username=name, sub=t.sub) for name, t in traders.items()]
    demo.seed(accounts)
    for name, trader in traders.items():
        binders = ok(trader.client.get("/api/binders/"))["results"]
        assert 3 <= len(binders) <= 4
        assert sum(b["visibility"] == "tradeable" for b in binders) == 1
        expected = sum(q for _n, _v, _d, cards in demo.COLLECTIONS[name] for _p, q in cards)
        assert sum(b["card_count"] for b in binders) == expected
        tradeable = next(b for b in binders if b["visibility"] == "tradeable")
        other = next(t for n, t in traders.items() if n != name)
        seen = ok(other.client.get(f"/api/traders/{trader.username}/binders/{tradeable['id']}/cards/"))["results"]
        assert len(seen) == tradeable_count(demo, name) and all(c["name"] for c in seen)
        assert all(c["scryfall_id"] and c["catalog"] and c["image"] for c in seen)  # real printings, linked


def tradeable_count(demo, name: str) -> int:
    return next(len(cards) for _n, v, _d, cards in demo.COLLECTIONS[name] if v and v.value == "tradeable")
