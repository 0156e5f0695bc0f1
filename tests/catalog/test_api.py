"""/api/catalog/: search, a set's printings, one printing, a card's printings and the sets; paging,
bad input in the one error shape, 401 without a token, and the DynamoDB calls of every read."""

import pytest
from rest_framework.test import APIClient

from catalog.domain import PRICE_KEYS
from tests.catalog.helpers import (
    BREEDING_POOL_ORACLE,
    BY_ID,
    IMPORTABLE,
    ISD_DELVER,
    REN_SYLVAN,
    dynamo,
    error,
    ok,
    path_of,
)
from tests.helpers import cursor_of, recorded_aws_calls

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
BREEDING_POOLS = {("DIS", "172"), ("GTC", "240"), ("EXP", "15"), ("PRNA", "246p")}
BREEDING_POOLS |= {("RNA", "246"), ("SLD", "132"), ("UNF", "286"), ("UNF", "537")}


def _all_pages(client, url: str) -> tuple[list[dict], int]:
    rows, pages = [], 0
    while url:
        body = ok(client.get(url))
        rows += body["results"]
        pages += 1
        url = path_of(body["next"]) if body["next"] else None
    return rows, pages


def test_search_pages_with_cursors(alice):
    everything = ok(alice.client.get("/api/catalog/cards/?q=breeding"))["results"]
    assert {(r["set_code"], r["collector_number"]) for r in everything} == BREEDING_POOLS
    rows, pages = _all_pages(alice.client, "/api/catalog/cards/?q=breeding&limit=2")
    assert rows == everything and pages >= 4
    first = ok(alice.client.get("/api/catalog/cards/?q=breeding&limit=2"))
    assert first["previous"] is None and cursor_of(first["next"])
    second = ok(alice.client.get(path_of(first["next"])))
    assert second["results"] == everything[2:4]
    assert ok(alice.client.get(path_of(second["previous"])))["results"] == first["results"]
    # A cursor belongs to its search: another q, set or lang refuses it.
    error(alice.client.get(f"/api/catalog/cards/?q=bayou&cursor={cursor_of(first['next'])}"), 400, "invalid_cursor")


def test_search_within_a_set_and_a_language(alice):
    rna = ok(alice.client.get("/api/catalog/cards/?q=breeding&set=rna"))["results"]
    assert [(r["set_code"], r["collector_number"]) for r in rna] == [("RNA", "246")]
    assert ok(alice.client.get("/api/catalog/cards/?q=breeding&set=RNA"))["results"] == rna
    french = ok(alice.client.get("/api/catalog/cards/?q=sylvan&lang=fr"))["results"]
    assert [r["scryfall_id"] for r in french] == [REN_SYLVAN] and french[0]["lang"] == "fr"
    bayous = ok(alice.client.get("/api/catalog/cards/?q=bayou&lang=fr"))["results"]
    assert [(r["name"], r["set_code"], r["lang"]) for r in bayous] == [("Bayou", "FBB", "fr")]
    everywhere = ok(alice.client.get("/api/catalog/cards/?q=bayou"))["results"]
    assert {r["lang"] for r in everywhere} == {"en", "fr"} and len(everywhere) > len(bayous)


def test_a_set_alone_lists_its_printings_in_collector_number_order(alice):
    expected = sorted(
        (r for r in IMPORTABLE if r["set"] == "unf"), key=lambda r: int(r["collector_number"])
    )  # the sample's Unfinity printings
    rows, _ = _all_pages(alice.client, "/api/catalog/cards/?set=unf&limit=1")
    assert [r["scryfall_id"] for r in rows] == [r["id"] for r in expected]
    assert ok(alice.client.get("/api/catalog/cards/?set=UNF&lang=en"))["results"] == rows
    assert ok(alice.client.get("/api/catalog/cards/?set=UNF&lang=ja"))["results"] == []
    assert ok(alice.client.get("/api/catalog/cards/?set=zzzz"))["results"] == []  # no such set: an empty page


def test_one_printing(alice):
    card = ok(alice.client.get(f"/api/catalog/cards/{ISD_DELVER}/"))
    assert card["url"] == f"http://testserver/api/catalog/cards/{ISD_DELVER}/"
    assert card["printings"] == f"http://testserver/api/catalog/cards/{ISD_DELVER}/printings/"
    record = BY_ID[ISD_DELVER]
    assert card["prices"] == {k: record["prices"][k] for k in PRICE_KEYS}
    assert (card["tcgplayer_id"], card["cardmarket_id"]) == (record["tcgplayer_id"], record["cardmarket_id"])
    assert ok(alice.client.get(f"/api/catalog/cards/{ISD_DELVER.upper()}/")) == card
    for unknown in (UNKNOWN_ID, "nope", "11bf83bb-c95b-4b4f-9a56", "'; DROP TABLE cards;--"):
        error(alice.client.get(f"/api/catalog/cards/{unknown}/"), 404, "printing_not_found")
        error(alice.client.get(f"/api/catalog/cards/{unknown}/printings/"), 404, "printing_not_found")


def test_every_printing_of_a_card(alice):
    any_pool = next(r["id"] for r in IMPORTABLE if r["oracle_id"] == BREEDING_POOL_ORACLE and r["set"] == "gtc")
    rows = ok(alice.client.get(f"/api/catalog/cards/{any_pool}/printings/"))["results"]
    assert {(r["set_code"], r["collector_number"]) for r in rows} == BREEDING_POOLS  # not the MTGO-only one
    assert {r["oracle_id"] for r in rows} == {BREEDING_POOL_ORACLE}
    released = [r["released_at"] for r in rows]
    assert released == sorted(released)  # oldest first
    paged, pages = _all_pages(alice.client, f"/api/catalog/cards/{any_pool}/printings/?limit=3")
    assert paged == rows and pages >= 3
    # Following a row's own printings link lands on the same list.
    assert ok(alice.client.get(path_of(rows[-1]["printings"])))["results"] == rows


def test_sets_newest_first_and_each_links_to_its_cards(alice):
    sets = ok(alice.client.get("/api/catalog/sets/"))["results"]
    assert {"WOE", "ISD", "PMBS", "LEA"} <= {s["code"] for s in sets}
    assert len({s["code"] for s in sets}) == len(sets)
    order = [(s["released_at"], s["code"]) for s in sets]
    assert order == sorted(order, reverse=True)
    lea = next(s for s in sets if s["code"] == "LEA")
    assert (lea["name"], lea["released_at"]) == ("Limited Edition Alpha", "1993-08-05")
    cards = ok(alice.client.get(path_of(lea["cards"])))["results"]
    assert cards and {c["set_code"] for c in cards} == {"LEA"}
    # No q and no set: the newest set's printings.
    newest = ok(alice.client.get(path_of(sets[0]["cards"])))
    assert ok(alice.client.get("/api/catalog/cards/")) == newest and newest["results"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/catalog/cards/?q=delver",
        "/api/catalog/cards/",
        f"/api/catalog/cards/{ISD_DELVER}/",
        f"/api/catalog/cards/{ISD_DELVER}/printings/",
        "/api/catalog/sets/",
    ],
)
def test_every_catalog_endpoint_needs_a_token(url):
    with recorded_aws_calls() as calls:
        error(APIClient().get(url), 401, "not_authenticated")
    assert dynamo(calls) == {}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("set=!!", "set"),
        ("set=toolongset", "set"),
        ("q=bolt&set=a", "set"),
        ("lang=xx", "lang"),
        ("q=bolt&lang=EN", "lang"),
        ("q=" + "a" * 201, "q"),
        ("q=%00bolt", "q"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
    ],
)
def test_bad_search_input_is_a_400(alice, query, field):
    with recorded_aws_calls() as calls:
        body = error(alice.client.get(f"/api/catalog/cards/?{query}"), 400, "invalid")
    assert field in body["details"]
    assert dynamo(calls) == {}


@pytest.mark.parametrize(
    "q",
    [
        "%F0%9F%8E%B4",  # an emoji: nothing left to search for once normalized
        "%E2%80%AE",  # right-to-left override
        "%E2%80%8D",  # zero-width joiner
        "%CC%81",  # a lone combining accent
        "%ED%A0%80",  # a UTF-16 surrogate, not valid UTF-8
        "%FF%FE",  # not UTF-8 at all
        "%2F%2F",  # "//"
        "%27",  # "'"
        "%25",  # "%"
    ],
)
def test_a_query_that_normalizes_to_nothing_is_a_400(alice, q):
    body = error(alice.client.get(f"/api/catalog/cards/?q={q}"), 400, "invalid")
    assert "q" in body["details"]


@pytest.mark.parametrize(
    "q",
    ["%EF%AC%81", "%CE%A9", "%E2%84%AA", "%C2%A0", "a" * 200, "%E3%83%87%E3%83%AB", "%D8%A8", "x%0Ay", "%5C%5Cx"],
)
def test_odd_unicode_that_leaves_something_to_search_for_is_searched(alice, q):
    body = ok(alice.client.get(f"/api/catalog/cards/?q={q}&limit=5"))
    assert set(body) == {"results", "next", "previous"}


def test_a_query_with_whitespace_around_it_is_searched_trimmed(alice):
    plain = ok(alice.client.get("/api/catalog/cards/?q=delver"))["results"]
    assert ok(alice.client.get("/api/catalog/cards/?q=%C2%A0%20Delver%09"))["results"] == plain


# --- DynamoDB calls ---------------------------------------------------------------------


def test_dynamodb_calls_of_every_catalog_read(alice):
    """Pinned: the token is verified without AWS calls and make_trader's profile is cached as not
    suspended, so each count is the endpoint's own (as in tests/binders/test_dynamodb_calls.py)."""
    reads = [
        (f"/api/catalog/cards/{ISD_DELVER}/", 200, {"GetItem": 1}),
        (f"/api/catalog/cards/{UNKNOWN_ID}/", 404, {"GetItem": 1}),
        ("/api/catalog/cards/nope/", 404, {}),  # malformed: not looked up
        ("/api/catalog/cards/?q=breeding", 200, {"Query": 1}),
        ("/api/catalog/cards/?q=breeding&set=rna&lang=en&limit=2", 200, {"Query": 1}),
        ("/api/catalog/cards/?set=isd", 200, {"Query": 1}),
        ("/api/catalog/cards/?set=isd&lang=en&limit=1", 200, {"Query": 1}),
        (f"/api/catalog/cards/{ISD_DELVER}/printings/", 200, {"GetItem": 1, "Query": 1}),
        ("/api/catalog/sets/", 200, {"Query": 1}),
        ("/api/catalog/cards/", 200, {"Query": 2}),  # the sets, then the newest set's page
    ]
    for url, status, expected in reads:
        with recorded_aws_calls() as calls:
            response = alice.client.get(url)
        assert response.status_code == status, (url, response.content[:300])
        assert dynamo(calls) == expected, url
    # The next page costs one Query too.
    first = ok(alice.client.get("/api/catalog/cards/?q=breeding&limit=2"))
    with recorded_aws_calls() as calls:
        ok(alice.client.get(path_of(first["next"])))
    assert dynamo(calls) == {"Query": 1}
