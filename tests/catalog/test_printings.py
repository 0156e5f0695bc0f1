"""What a Scryfall record becomes: double-faced and split cards, ★ and letter collector numbers, and the
normalized name search matches by prefix (accents and case folded). On the session's sample catalog."""

import pytest

from catalog import services
from catalog.domain import (
    SKIP_ART_SERIES,
    SKIP_DIGITAL,
    SKIP_MISSING_FIELDS,
    SKIP_NOT_PAPER,
    CatalogPrinting,
    Skipped,
    from_scryfall,
    normalize_name,
)
from tests.catalog.helpers import (
    ATQ_FACTORY,
    BY_ID,
    DIGITAL,
    IMPORTABLE,
    ISD_DELVER,
    PELD_OKO,
    PLC_BOOM,
    PMBS_HERO,
    REN_SYLVAN,
    SLD_CUBE,
    by_id_item,
    in_set_item,
    ok,
)

DELVER_ORACLE = "edd531b9-f615-4399-8c8c-1c5e18c4acbf"


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Lim-Dûl's Vault", "lim duls vault"),
        ("Æther Vial", "aether vial"),
        ("Delver of Secrets // Insectile Aberration", "delver of secrets insectile aberration"),
        ("Jötun Grunt", "jotun grunt"),
        ("Éomer, King of Rohan", "eomer king of rohan"),
        ("Who // What // When // Where // Why", "who what when where why"),
        ("  Boom  //  Bust ", "boom bust"),
        ("Mishra’s Factory", "mishras factory"),  # a typographic apostrophe too
    ],
)
def test_normalize_name(name, normalized):
    assert normalize_name(name) == normalized


def test_the_sample_splits_into_importable_and_skipped_records():
    results = [from_scryfall(r) for r in BY_ID.values()]
    assert sum(isinstance(r, CatalogPrinting) for r in results) == len(IMPORTABLE) == 315
    assert [r.reason for r in results if isinstance(r, Skipped)] == [SKIP_DIGITAL] * len(DIGITAL) == [SKIP_DIGITAL] * 34


def test_skip_reasons_of_edited_records():
    base = BY_ID[ISD_DELVER]
    assert from_scryfall({**base, "layout": "art_series"}) == Skipped(SKIP_ART_SERIES, ISD_DELVER)
    assert from_scryfall({**base, "games": ["arena", "mtgo"]}) == Skipped(SKIP_NOT_PAPER, ISD_DELVER)
    assert from_scryfall({**base, "finishes": ["glossy"]}) == Skipped(SKIP_MISSING_FIELDS, ISD_DELVER)
    assert from_scryfall({**base, "collector_number": " "}) == Skipped(SKIP_MISSING_FIELDS, ISD_DELVER)
    assert from_scryfall(["not", "a", "card"]) == Skipped(SKIP_MISSING_FIELDS)


def test_a_double_faced_card(alice):
    record = BY_ID[ISD_DELVER]
    assert "image_uris" not in record  # Scryfall keeps a transform card's images on its faces
    card = ok(alice.client.get(f"/api/catalog/cards/{ISD_DELVER}/"))
    assert card["name"] == "Delver of Secrets // Insectile Aberration"
    assert card["normalized_name"] == "delver of secrets insectile aberration"
    assert card["oracle_id"] == DELVER_ORACLE and card["layout"] == "transform"
    front = record["card_faces"][0]["image_uris"]
    assert card["image"] == {"small": front["small"], "normal": front["normal"]}
    assert card["type_line"] == "Creature — Human Wizard // Creature — Human Insect"
    assert (card["set_code"], card["collector_number"], card["finishes"]) == ("ISD", "51", ["nonfoil", "foil"])


def test_a_card_with_its_oracle_id_only_on_its_faces():
    record = BY_ID[SLD_CUBE]
    assert "oracle_id" not in record
    stored = by_id_item(SLD_CUBE)
    assert stored["oracle_id"] == record["card_faces"][0]["oracle_id"]
    assert stored["image"]["normal"] == record["card_faces"][0]["image_uris"]["normal"]


def test_a_split_card(alice):
    card = ok(alice.client.get(f"/api/catalog/cards/{PLC_BOOM}/"))
    assert (card["name"], card["layout"], card["set_code"], card["collector_number"]) == (
        "Boom // Bust",
        "split",
        "PLC",
        "112",
    )
    assert card["image"]["normal"] == BY_ID[PLC_BOOM]["image_uris"]["normal"]
    assert card["prices"]["usd"] == BY_ID[PLC_BOOM]["prices"]["usd"] == "4.55"


@pytest.mark.parametrize(
    ("set_code", "number", "lang", "scryfall_id"),
    [
        ("PMBS", "8★", "en", PMBS_HERO),
        ("pmbs", "8★", "EN", PMBS_HERO),
        ("ATQ", "80a", "en", ATQ_FACTORY),
        ("atq", "80A", "en", ATQ_FACTORY),
        ("PELD", "197p", "en", PELD_OKO),
        ("peld", "197P", "en", PELD_OKO),
        ("ren", "158", "fr", REN_SYLVAN),
        ("isd", "51", "en", ISD_DELVER),
    ],
)
def test_lookup_by_set_and_number_ignores_case(set_code, number, lang, scryfall_id):
    printing, language = services.printing_resolve(set_code=set_code, collector_number=number, language=lang)
    assert printing.scryfall_id == scryfall_id and language == lang.lower()
    assert in_set_item(set_code, number, lang)["scryfall_id"] == scryfall_id
    assert printing.collector_number == BY_ID[scryfall_id]["collector_number"]  # kept as Scryfall writes it


def test_a_set_lists_star_and_letter_numbers_in_print_order(alice):
    rows = ok(alice.client.get("/api/catalog/cards/?set=pmbs"))["results"]
    assert [(r["collector_number"], r["name"]) for r in rows] == [("8★", "Hero of Bladehold")]
    numbers = [r["collector_number"] for r in ok(alice.client.get("/api/catalog/cards/?set=UNF"))["results"]]
    assert numbers == ["286", "537"]


def _names(client, query: str) -> list[tuple[str, str, str]]:
    rows = ok(client.get(f"/api/catalog/cards/?{query}"))["results"]
    return [(r["name"], r["set_code"], r["collector_number"]) for r in rows]


DELVER = "Delver of Secrets // Insectile Aberration"
DELVERS = [(DELVER, "ISD", "51"), (DELVER, "V17", "7"), (DELVER, "MID", "47"), (DELVER, "DBL", "47")]


def test_name_search_matches_the_start_of_the_normalized_name(alice):
    # By name, then oldest first; "Delver's Torch" normalizes to "delvers torch", which starts with "delver".
    assert _names(alice.client, "q=delver") == [*DELVERS, ("Delver's Torch", "AFR", "10")]
    assert _names(alice.client, "q=DELVER%20OF") == DELVERS
    assert _names(alice.client, "q=delver%20of%20secrets%20%2F%2F%20insectile") == DELVERS
    assert _names(alice.client, "q=insectile") == []  # a later face's name is not the name's start
    assert _names(alice.client, "q=secrets") == []


def test_name_search_folds_accents_both_ways(alice):
    assert _names(alice.client, "q=D%C3%A9lver%20of") == DELVERS  # "Délver of"
    assert _names(alice.client, "q=jotun") == [("Jötun Grunt", "CSP", "8")]
    assert _names(alice.client, "q=J%C3%96TUN") == [("Jötun Grunt", "CSP", "8")]  # "JÖTUN"
    assert _names(alice.client, "q=eomer%2C%20king") == [("Éomer, King of Rohan", "LTC", "52")]
    assert _names(alice.client, "q=mishra%E2%80%99s") == _names(alice.client, "q=mishras")  # ’ or none
    assert ("Mishra's Factory", "ATQ", "80a") in _names(alice.client, "q=mishra's")
