"""Printings and sets in the single table: lookups, pages, and the import's batched writes.

Each printing is two whole items (keys.py): by Scryfall id, carrying the index keys for its
oracle card (GSI1) and name search (GSI2); and in its set's partition, by collector number and
language. Both carry ``content_hash`` and ``prices_hash``, so a re-import reads the hashes
(BatchGetItem, 100 at a time) and writes only what changed.

Crash safety without transactions: a changed printing's set item is written before its id
item, and the id item's hashes are what the next import compares with. An import stopped
between the two leaves the id item stale, so the next run writes both again.
"""

from concurrent.futures import ThreadPoolExecutor

from catalog.domain import PRICE_KEYS, CardSet, CatalogPrinting
from tradeapi import aws
from tradeapi.db import actions, keys, table
from tradeapi.db.items import from_item, to_item, values, wire_key
from tradeapi.db.schema import GSI1, GSI1_PK, GSI2, GSI2_PK, GSI2_SK
from tradeapi.paging import Page

PRINTING_FIELDS = (
    "scryfall_id",
    "oracle_id",
    "name",
    "lang",
    "set_code",
    "set_name",
    "collector_number",
    "rarity",
    "released_at",
    "finishes",
    "type_line",
    "layout",
    "set_type",
    "image",
    "prices",
    "prices_date",
    "tcgplayer_id",
    "cardmarket_id",
)
PRICE_UPDATE_THREADS = 8  # UpdateItem has no batch form; a price refresh runs this many at once


def _data(printing: CatalogPrinting) -> dict:
    data = {name: getattr(printing, name) for name in PRINTING_FIELDS}
    data["finishes"] = list(printing.finishes)
    data["prices"] = {key: printing.prices.get(key) for key in PRICE_KEYS}  # nulls kept: "no price" is data
    data.update(
        type="PRINTING",
        normalized_name=printing.normalized_name,
        content_hash=printing.content_hash(),
        prices_hash=printing.prices_hash(),
    )
    return data


def printing_items(printing: CatalogPrinting) -> tuple[dict, dict]:
    """(the item in its set's partition, the item by Scryfall id) in wire format."""
    data = _data(printing)
    in_set = to_item({**keys.printing_in_set_key(printing.set_code, printing.collector_number, printing.lang), **data})
    index = keys.printing_index_keys(
        printing.oracle_id,
        data["normalized_name"],
        printing.released_at,
        printing.set_code,
        printing.collector_number,
        printing.lang,
        printing.scryfall_id,
    )
    by_id = to_item({**keys.printing_key(printing.scryfall_id), **data, **index})
    for item in (in_set, by_id):
        item["prices"] = _prices_wire(printing.prices)
    return in_set, by_id


def _prices_wire(prices: dict) -> dict:
    """The prices map with every key, a missing price as NULL (to_item would drop it: "no price" is data)."""
    return {"M": {k: ({"S": prices[k]} if prices.get(k) is not None else {"NULL": True}) for k in PRICE_KEYS}}


def printing_from_item(item: dict) -> CatalogPrinting:
    data = from_item(item)
    fields = {name: data[name] for name in PRINTING_FIELDS if data.get(name) is not None}
    fields["finishes"] = tuple(fields.get("finishes", ()))
    fields["prices"] = {key: (data.get("prices") or {}).get(key) for key in PRICE_KEYS}
    return CatalogPrinting(**fields)


def set_from_item(item: dict) -> CardSet:
    data = from_item(item)
    return CardSet(
        code=data["code"], name=data["name"], released_at=data["released_at"], set_type=data.get("set_type", "")
    )


# --- reads ---------------------------------------------------------------------------


def printing_get(scryfall_id: str) -> CatalogPrinting | None:
    """One GetItem (eventually consistent: the catalog changes by import, not by request)."""
    item = table.get_item(keys.printing_key(scryfall_id), consistent=False)
    return printing_from_item(item) if item else None


def printing_at(set_code: str, collector_number: str, lang: str) -> CatalogPrinting | None:
    """The printing at set + collector number + language: one GetItem."""
    item = table.get_item(keys.printing_in_set_key(set_code, collector_number, lang), consistent=False)
    return printing_from_item(item) if item else None


def printings_get_many(scryfall_ids) -> dict[str, CatalogPrinting]:
    """{scryfall_id: printing} for those the catalog has: ⌈n/100⌉ BatchGetItem."""
    found = table.batch_get([keys.printing_key(i) for i in scryfall_ids], consistent=False)
    printings = (printing_from_item(item) for item in found.values())
    return {p.scryfall_id: p for p in printings}


def _filtered(query: dict, vals: dict, set_code: str | None, lang: str | None) -> dict:
    filters = []
    if set_code:
        filters.append("set_code = :set_code")
        vals["set_code"] = set_code.upper()
    if lang:
        filters.append("lang = :lang")
        vals["lang"] = lang.lower()
    if filters:
        query["FilterExpression"] = " AND ".join(filters)
    query["ExpressionAttributeValues"] = values(**vals)
    return query


def search_page(
    normalized_prefix: str, *, set_code: str | None, lang: str | None, cursor: str | None, limit: int
) -> Page:
    """Printings whose normalized name starts with ``normalized_prefix``, by name then age: one Query (GSI2).

    ``set_code`` and ``lang`` filter the page, so it may hold fewer than ``limit`` while ``next`` is set.
    """
    query = {
        "IndexName": GSI2,
        "KeyConditionExpression": f"{GSI2_PK} = :pk AND begins_with({GSI2_SK}, :prefix)",
        "Limit": limit,
    }
    query = _filtered(
        query, {"pk": keys.catalog_name_pk(normalized_prefix), "prefix": normalized_prefix}, set_code, lang
    )
    scope = f"catalog|{normalized_prefix}|{set_code}|{lang}"
    return table.query_page(query, scope=scope, cursor=cursor, mapper=printing_from_item)


def set_page(set_code: str, *, lang: str | None, cursor: str | None, limit: int) -> Page:
    """A set's printings in collector-number order: one Query of the set's partition."""
    query = {"KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)", "Limit": limit}
    vals = {"pk": keys.set_printings_pk(set_code), "prefix": keys.set_printings_prefix()}
    query = _filtered(query, vals, None, lang)
    return table.query_page(query, scope=f"catalog-set|{set_code}|{lang}", cursor=cursor, mapper=printing_from_item)


def oracle_page(oracle_id: str, *, cursor: str | None, limit: int) -> Page:
    """Every printing of one oracle card, oldest first: one Query (GSI1)."""
    query = {
        "IndexName": GSI1,
        "KeyConditionExpression": f"{GSI1_PK} = :pk",
        "ExpressionAttributeValues": values(pk=keys.oracle_pk(oracle_id)),
        "Limit": limit,
    }
    return table.query_page(query, scope=f"oracle|{oracle_id}", cursor=cursor, mapper=printing_from_item)


def sets_all() -> list[CardSet]:
    """Every set: one Query (a few hundred small items, well under a page's 1 MB)."""
    query = {"KeyConditionExpression": "PK = :pk", "ExpressionAttributeValues": values(pk=keys.SETS)}
    return [set_from_item(item) for item in table.query_all(query)]


# --- the import's writes --------------------------------------------------------------


def set_place(set_code: str, collector_number: str, lang: str) -> str:
    """Where a printing sits in its set's partition: two printings with the same place are one item."""
    key = keys.printing_in_set_key(set_code, collector_number, lang)
    return f"{key['PK']}|{key['SK']}"


def stored_hashes(scryfall_ids: list[str]) -> dict[str, dict]:
    """{scryfall_id: {content_hash, prices_hash, set_code, collector_number, lang}} of the printings
    stored by id: ⌈n/100⌉ BatchGetItem reading only those attributes."""
    found = table.batch_get_projected(
        [keys.printing_key(i) for i in scryfall_ids],
        "scryfall_id, content_hash, prices_hash, set_code, collector_number, lang",
    )
    return {data["scryfall_id"]: data for data in (from_item(item) for item in found.values())}


def printings_put(printings: list[CatalogPrinting], moved_from: list[dict] = ()) -> int:
    """Write printings whole: every set item first, then the id items (see the module's note on
    crash safety), deleting first the set items of printings whose set, number or language changed
    (DeleteItem each, conditional). BatchWriteItem, 25 at a time. Returns the number of calls."""
    pairs = [printing_items(p) for p in printings]
    for old in moved_from:
        _stale_delete(old)
    calls = len(moved_from) + table.batch_write([{"PutRequest": {"Item": in_set}} for in_set, _ in pairs])
    return calls + table.batch_write([{"PutRequest": {"Item": by_id}} for _, by_id in pairs])


def _stale_delete(old: dict) -> None:
    """Delete a moved printing's old set item, unless another printing holds that place now (two printings
    that swap numbers; a batch may not name a key twice, and a later batch must not delete a newcomer)."""
    client = aws.dynamodb()
    try:
        client.delete_item(
            TableName=table.name(),
            Key=wire_key(keys.printing_in_set_key(old["set_code"], old["collector_number"], old["lang"])),
            ConditionExpression="scryfall_id = :id",
            ExpressionAttributeValues=values(id=old["scryfall_id"]),
        )
    except client.exceptions.ConditionalCheckFailedException:
        pass  # already gone, or another printing's now


def _prices_update(key: dict, printing: CatalogPrinting) -> None:
    table.update_item(
        {
            "Update": {
                "TableName": table.name(),
                "Key": wire_key(key),
                "UpdateExpression": "SET prices = :prices, prices_date = :date, prices_hash = :hash",
                "ConditionExpression": "content_hash = :content",
                "ExpressionAttributeValues": {
                    ":prices": _prices_wire(printing.prices),
                    **values(date=printing.prices_date, hash=printing.prices_hash(), content=printing.content_hash()),
                },
            }
        }
    )


def prices_update(printings: list[CatalogPrinting]) -> int:
    """Only the prices (and their date and hash) of printings whose content is unchanged: UpdateItem
    on the set item, then the id item, PRICE_UPDATE_THREADS at a time. Returns the number of calls."""

    def one(printing: CatalogPrinting) -> None:
        _prices_update(keys.printing_in_set_key(printing.set_code, printing.collector_number, printing.lang), printing)
        _prices_update(keys.printing_key(printing.scryfall_id), printing)

    with ThreadPoolExecutor(PRICE_UPDATE_THREADS) as pool:
        list(pool.map(one, printings))
    return 2 * len(printings)


def sets_put(sets: list[CardSet]) -> None:
    """Create or replace set items (BatchWriteItem)."""
    table.batch_write(
        [
            {
                "PutRequest": {
                    "Item": to_item(
                        {
                            **keys.set_key(s.code),
                            "type": "SET",
                            "code": s.code,
                            "name": s.name,
                            "released_at": s.released_at,
                            "set_type": s.set_type,
                        }
                    )
                }
            }
            for s in sets
        ]
    )


# --- lookups for CSV imports (binders.csvio) -----------------------------------------------

NAME_LOOKUP_THREADS = 8  # a name within a set is one Query each; a file's distinct names run this many at once


def printings_at_many(places) -> dict[tuple[str, str, str], CatalogPrinting]:
    """{(SET, number, lang): printing} for those of ``places`` ((set code, collector number, lang),
    any case) that the catalog holds: ⌈n/100⌉ BatchGetItem of their set-partition keys."""
    found = table.batch_get([keys.printing_in_set_key(*place) for place in places], consistent=False)
    printings = (printing_from_item(item) for item in found.values())
    return {(p.set_code.upper(), p.collector_number.lower(), p.lang.lower()): p for p in printings}


def printings_named_in_set(normalized_name: str, set_code: str) -> list[CatalogPrinting]:
    """The printings in ``set_code`` whose normalized name starts with ``normalized_name`` (every
    language): Query of the name-search index (GSI2) filtered by set, every page."""
    query = {
        "IndexName": GSI2,
        "KeyConditionExpression": f"{GSI2_PK} = :pk AND begins_with({GSI2_SK}, :prefix)",
    }
    vals = {"pk": keys.catalog_name_pk(normalized_name), "prefix": normalized_name}
    query = _filtered(query, vals, set_code, None)
    return [printing_from_item(item) for item in table.query_all(query)]


def printings_named_in_sets(pairs) -> dict[tuple[str, str], list[CatalogPrinting]]:
    """``printings_named_in_set`` for each (normalized name, set code) of ``pairs``, NAME_LOOKUP_THREADS at once."""
    pairs = list(pairs)
    with ThreadPoolExecutor(NAME_LOOKUP_THREADS) as pool:
        found = list(pool.map(lambda pair: printings_named_in_set(*pair), pairs))
    return dict(zip(pairs, found, strict=True))


# --- the prices stamp (values) ----------------------------------------------------------------


def prices_stamp_get() -> tuple[str | None, int]:
    """(the latest prices date imported, the count of imports that changed prices): one GetItem."""
    item = table.get_item(keys.catalog_meta_key(), consistent=False)
    data = from_item(item) if item else {}
    return data.get("prices_date"), int(data.get("prices_version", 0))


def prices_stamp_bump(prices_date: str | None) -> None:
    """An import changed prices: count it, and record its prices date (one UpdateItem)."""
    expression = "SET #type = :type" + (", prices_date = :date" if prices_date else "") + " ADD prices_version :one"
    vals = {"type": "CATALOG_META", "one": 1, **({"date": prices_date} if prices_date else {})}
    update = actions.update(keys.catalog_meta_key(), expression, condition=None, values=vals, names={"#type": "type"})
    table.update_item(update)
