"""Card entries name catalog printings: by Scryfall id or by set + collector number (+ language), with
the catalog's name, oracle id, rarity and image; trades carry the image; and `manage.py catalog_link`
links entries made before the catalog."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from binders.domain.cards import normalize_name
from tests.catalog.helpers import (
    ATQ_FACTORY,
    BY_ID,
    ISD_DELVER,
    PLC_BOOM,
    PMBS_HERO,
    REN_SYLVAN,
    WRITES,
    dynamo,
    error,
    ok,
    path_of,
)
from tests.helpers import recorded_aws_calls
from tradeapi import aws, clock
from tradeapi.db import keys
from tradeapi.db.items import to_item, values

CARDS = "/api/binders/default/cards/"
CLB_DUNGEON_DELVER = "8a772b9d-2331-4444-a897-c78196ce4836"  # etched only


def _add(trader, body: dict, status: int = 201) -> dict:
    return ok(trader.client.post(CARDS, body, format="json"), status)


def _image(scryfall_id: str) -> dict:
    record = BY_ID[scryfall_id]
    uris = record.get("image_uris") or record["card_faces"][0]["image_uris"]
    return {"small": uris["small"], "normal": uris["normal"]}


def test_adding_by_scryfall_id_takes_the_printing_from_the_catalog(alice):
    card = _add(alice, {"scryfall_id": PLC_BOOM, "quantity": 2})
    assert (card["name"], card["set_code"], card["collector_number"]) == ("Boom // Bust", "PLC", "112")
    assert card["oracle_id"] == BY_ID[PLC_BOOM]["oracle_id"] and card["rarity"] == "rare"
    assert card["image"] == _image(PLC_BOOM)
    assert (card["finish"], card["condition"], card["language"], card["quantity"]) == ("nonfoil", "NM", "en", 2)
    assert card["catalog"] == f"http://testserver/api/catalog/cards/{PLC_BOOM}/"
    assert ok(alice.client.get(path_of(card["catalog"])))["scryfall_id"] == PLC_BOOM
    assert ok(alice.client.get(path_of(card["url"]))) == card


def test_adding_by_set_and_number(alice):
    card = _add(alice, {"set_code": "isd", "collector_number": "51", "finish": "foil"})
    assert (card["scryfall_id"], card["name"], card["set_code"]) == (ISD_DELVER, BY_ID[ISD_DELVER]["name"], "ISD")
    assert card["image"] == _image(ISD_DELVER) and card["finish"] == "foil"
    star = _add(alice, {"set_code": "PMBS", "collector_number": "8★"})
    assert (star["scryfall_id"], star["collector_number"]) == (PMBS_HERO, "8★")
    letter = _add(alice, {"set_code": "atq", "collector_number": "80A"})
    assert (letter["scryfall_id"], letter["collector_number"]) == (ATQ_FACTORY, "80a")


def test_the_language_of_the_copy(alice):
    # Only the English printing is in the catalog (Scryfall's default_cards): a German copy names it.
    german = _add(alice, {"set_code": "ATQ", "collector_number": "80a", "language": "de"})
    assert (german["scryfall_id"], german["language"]) == (ATQ_FACTORY, "de")
    # A printing the catalog holds in French is that printing.
    french = _add(alice, {"set_code": "REN", "collector_number": "158", "language": "fr"})
    assert (french["scryfall_id"], french["name"], french["language"]) == (REN_SYLVAN, "Sylvan Library", "fr")
    # ... but in another language there is no English printing to fall back to.
    body = error(
        alice.client.post(CARDS, {"set_code": "REN", "collector_number": "158", "language": "de"}, format="json"),
        400,
        "unknown_printing",
    )
    assert "collector_number" in body["details"]
    # By Scryfall id the copy's language defaults to the printing's, or is the one given.
    by_id = _add(alice, {"scryfall_id": REN_SYLVAN}, 200)  # the French copy added above: merged
    assert (by_id["id"], by_id["language"], by_id["quantity"]) == (french["id"], "fr", 2)
    assert _add(alice, {"scryfall_id": ISD_DELVER, "language": "ja"})["language"] == "ja"


def test_the_default_finish_is_the_printings_first(alice):
    assert _add(alice, {"scryfall_id": ISD_DELVER})["finish"] == "nonfoil"
    assert _add(alice, {"scryfall_id": PMBS_HERO})["finish"] == "foil"  # made in foil only
    assert _add(alice, {"scryfall_id": CLB_DUNGEON_DELVER})["finish"] == "etched"  # etched only


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"scryfall_id": "00000000-0000-4000-8000-000000000000"}, "unknown_printing", "scryfall_id"),
        ({"set_code": "ISD", "collector_number": "9999"}, "unknown_printing", "collector_number"),
        ({"set_code": "QQQQ", "collector_number": "1"}, "unknown_printing", "collector_number"),
        ({"scryfall_id": PMBS_HERO, "finish": "nonfoil"}, "finish_not_available", "finish"),
        ({"set_code": "ISD", "collector_number": "51", "name": "Lightning Bolt"}, "printing_mismatch", "name"),
        ({"scryfall_id": ISD_DELVER, "set_code": "MID"}, "printing_mismatch", "set_code"),
        ({"scryfall_id": ISD_DELVER, "collector_number": "47"}, "printing_mismatch", "collector_number"),
        ({"scryfall_id": "not-a-uuid"}, "invalid", "scryfall_id"),
        ({"set_code": "ISD"}, "invalid", "collector_number"),
        ({"name": "Delver of Secrets"}, "invalid", "scryfall_id"),
    ],
)
def test_a_printing_the_catalog_cannot_confirm_is_a_400_and_adds_nothing(alice, body, code, field):
    with recorded_aws_calls() as calls:
        details = error(alice.client.post(CARDS, {**body, "quantity": 1}, format="json"), 400, code)["details"]
    assert field in details
    assert not WRITES & set(dynamo(calls))
    assert ok(alice.client.get(CARDS))["results"] == []


def test_a_finish_not_made_lists_the_printings_finishes(alice):
    body = error(
        alice.client.post(CARDS, {"scryfall_id": ISD_DELVER, "finish": "etched"}, format="json"),
        400,
        "finish_not_available",
    )
    assert body["details"] == {"finish": ["This printing comes in: nonfoil, foil."]}


def test_a_name_that_agrees_is_accepted(alice):
    # The front face's name is the card's too, and names are compared normalized.
    card = _add(alice, {"set_code": "ISD", "collector_number": "51", "name": "delver of secrets"})
    assert card["name"] == "Delver of Secrets // Insectile Aberration"  # the catalog's, not the one sent
    assert _add(alice, {"scryfall_id": PLC_BOOM, "name": "BOOM // BUST"})["name"] == "Boom // Bust"


def test_the_same_printing_finish_condition_and_language_merge(alice):
    first = _add(alice, {"scryfall_id": ISD_DELVER, "quantity": 2, "condition": "LP"})
    # Named the other way (set + number, in other cases), it is the same entry: 200, quantities summed.
    merged = _add(alice, {"set_code": "isd", "collector_number": "51", "condition": "LP", "quantity": 3}, 200)
    assert merged["id"] == first["id"] and merged["quantity"] == 5
    assert merged["created_at"] == first["created_at"]
    assert _add(alice, {"scryfall_id": ISD_DELVER, "condition": "NM"})["id"] != first["id"]
    assert _add(alice, {"scryfall_id": ISD_DELVER, "condition": "LP", "finish": "foil"})["id"] != first["id"]
    assert ok(alice.client.get("/api/binders/default/"))["card_count"] == 7


def test_trade_lines_carry_the_printings_image(alice, bob):
    ok(bob.client.patch("/api/binders/default/", {"visibility": "tradeable"}, format="json"))
    offered = _add(alice, {"scryfall_id": PLC_BOOM})
    wanted = ok(bob.client.post(CARDS, {"scryfall_id": ISD_DELVER}, format="json"), 201)
    trade = ok(
        alice.client.post(
            "/api/trades/",
            {
                "recipient": bob.username,
                "offered": [{"card_id": offered["id"], "quantity": 1}],
                "requested": [{"card_id": wanted["id"], "quantity": 1}],
            },
            format="json",
        ),
        201,
    )
    gives = trade["offer"]["proposer_gives"][0]["card"]
    takes = trade["offer"]["recipient_gives"][0]["card"]
    assert (gives["scryfall_id"], gives["image"], gives["name"]) == (PLC_BOOM, _image(PLC_BOOM), "Boom // Bust")
    assert (takes["scryfall_id"], takes["image"]) == (ISD_DELVER, _image(ISD_DELVER))
    assert ok(bob.client.get(path_of(trade["url"])))["offer"] == trade["offer"]


# --- catalog_link ---------------------------------------------------------------------


def _seed_unlinked(sub: str, entries: list[dict]) -> list[str]:
    """Card entries as they were written before the catalog (no scryfall_id, oracle_id, rarity or image),
    straight into the table (per the data-model contract, as tests/binders/helpers.seed_cards does)."""
    now = clock.now_iso()
    card_ids, items = [], []
    for entry in entries:
        card_id = keys.card_id("default", entry["set_code"], entry["number"], entry["finish"], "NM", entry["language"])
        card_ids.append(card_id)
        items.append(
            {
                **keys.card_key(sub, card_id),
                **keys.card_search_keys(sub, normalize_name(entry["name"]), card_id),
                "type": "CARD",
                "owner_sub": sub,
                "binder_id": "default",
                "card_id": card_id,
                "name": entry["name"],
                "name_norm": normalize_name(entry["name"]),
                "set_code": entry["set_code"],
                "collector_number": entry["number"],
                "finish": entry["finish"],
                "condition": "NM",
                "language": entry["language"],
                "quantity": 1,
                "notes": "from before the catalog",
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    ddb = aws.dynamodb()
    ddb.batch_write_item(RequestItems={settings.TABLE_NAME: [{"PutRequest": {"Item": to_item(i)}} for i in items]})
    ddb.update_item(
        TableName=settings.TABLE_NAME,
        Key={k: {"S": v} for k, v in keys.binder_key(sub, "default").items()},
        UpdateExpression="ADD card_count :n, version :one",
        ExpressionAttributeValues=values(n=len(items), one=1),
    )
    return card_ids


def _link(*args) -> str:
    out = io.StringIO()
    call_command("catalog_link", *args, stdout=out)
    return out.getvalue()


def test_catalog_link_links_entries_made_before_the_catalog(alice):
    delver, german, fake, etched = _seed_unlinked(
        alice.sub,
        [
            {"name": "Delver of Secrets", "set_code": "ISD", "number": "51", "finish": "nonfoil", "language": "en"},
            {"name": "Mishra's Factory", "set_code": "ATQ", "number": "80a", "finish": "nonfoil", "language": "de"},
            {"name": "Made-Up Card", "set_code": "ZZZ", "number": "999", "finish": "nonfoil", "language": "en"},
            {"name": "Delver of Secrets", "set_code": "ISD", "number": "51", "finish": "etched", "language": "en"},
        ],
    )
    # Before linking they read as they always did: no printing, no catalog link.
    before = ok(alice.client.get(f"{CARDS}{delver}/"))
    assert (before["name"], before["scryfall_id"], before["oracle_id"], before["image"]) == (
        "Delver of Secrets",
        None,
        None,
        None,
    )
    assert before["catalog"] is None and before["notes"] == "from before the catalog"
    assert len(ok(alice.client.get(CARDS))["results"]) == 4

    with recorded_aws_calls() as calls:
        dry = _link("--dry-run")
    assert dry.startswith("Would link ") and not WRITES & set(dynamo(calls))
    assert ok(alice.client.get(f"{CARDS}{delver}/")) == before

    output = _link()
    assert output.startswith("Linked ")
    unmatched = {line for line in output.splitlines() if line.startswith("  unmatched:")}
    assert any(fake in line and "Made-Up Card ZZZ 999 (en, nonfoil)" in line for line in unmatched), output
    assert any(etched in line and "not made in etched" in line for line in unmatched), output
    assert not any(delver in line or german in line for line in unmatched)

    linked = ok(alice.client.get(f"{CARDS}{delver}/"))
    assert (linked["scryfall_id"], linked["oracle_id"], linked["rarity"]) == (
        ISD_DELVER,
        BY_ID[ISD_DELVER]["oracle_id"],
        "common",
    )
    assert linked["name"] == "Delver of Secrets // Insectile Aberration" and linked["image"] == _image(ISD_DELVER)
    assert linked["catalog"] == f"http://testserver/api/catalog/cards/{ISD_DELVER}/"
    assert (linked["quantity"], linked["notes"], linked["created_at"]) == (1, before["notes"], before["created_at"])
    fallback = ok(alice.client.get(f"{CARDS}{german}/"))
    assert (fallback["scryfall_id"], fallback["language"]) == (ATQ_FACTORY, "de")
    assert ok(alice.client.get(f"{CARDS}{fake}/"))["scryfall_id"] is None
    # The name search follows the catalog's name.
    found = ok(alice.client.get("/api/cards/?name=delver of secrets insect"))["results"]
    assert [c["id"] for c in found] == [delver]
    # A second run has nothing more to link for them; the unmatched stay reported.
    again = _link()
    assert fake in again and delver not in again
    # Adding the same printing now merges with the linked entry.
    assert _add(alice, {"scryfall_id": ISD_DELVER}, 200)["id"] == delver
