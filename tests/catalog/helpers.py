"""Helpers for the catalog tests: the sample's records, fresh copies of them, bulk files in every
form, running the import command and reading its report, and the two stored items of a printing."""

import copy
import gzip
import io
import json
import random
import re
import string
import uuid
from pathlib import Path

from django.core.management import call_command

from catalog.demo import SAMPLE
from catalog.domain import normalize_name
from tradeapi.db import keys, table
from tradeapi.db.items import from_item

PRICES_DATE = "2026-11-01"
RECORDS = json.loads(SAMPLE.read_text())
BY_ID = {r["id"]: r for r in RECORDS}
IMPORTABLE = [r for r in RECORDS if not r["digital"] and "paper" in r["games"]]
DIGITAL = [r for r in RECORDS if r["digital"]]

# Names the API and lookup tests count exactly (search prefixes, a card's printings): copies made
# for the import tests are never of these, so a copy in the same worker's table cannot change a count.
RESERVED_PREFIXES = ("delver", "breeding", "boom", "hero of", "mishra", "oko", "jotun", "eomer", "sylvan", "doubling")
POOL = [r for r in IMPORTABLE if not normalize_name(r["name"]).startswith(RESERVED_PREFIXES)]

ISD_DELVER = "11bf83bb-c95b-4b4f-9a56-ce7a1816307a"  # Delver of Secrets // Insectile Aberration, ISD 51
PLC_BOOM = "7ce986a4-5f82-4e7e-bef5-b49f05bf96a6"  # Boom // Bust, PLC 112 (split)
PMBS_HERO = "8829efa0-498a-43ca-91aa-f9caeeafe298"  # Hero of Bladehold, PMBS 8★ (foil only)
ATQ_FACTORY = "a696c5b6-f216-454d-8029-74e84bbd1428"  # Mishra's Factory, ATQ 80a
PELD_OKO = "058c60d2-25d1-42bf-9747-715e9ff56e0b"  # Oko, Thief of Crowns, PELD 197p
REN_SYLVAN = next(r["id"] for r in RECORDS if r["name"] == "Sylvan Library" and r["lang"] == "fr")
SLD_CUBE = next(r["id"] for r in RECORDS if r["name"] == "Doubling Cube // Doubling Cube")  # oracle id on faces only
BREEDING_POOL_ORACLE = "20283c4a-f1f0-42f0-bc08-6da87474426b"


def new_set_code() -> str:
    """A set code no real set and no other test uses ("t" + five random letters, as Scryfall writes it)."""
    return "t" + "".join(random.choices(string.ascii_lowercase, k=5))


def fresh_copies(count: int, set_code: str | None = None, *, start: int = 0) -> list[dict]:
    """Real sample records, copied whole, with new Scryfall ids, in a set of their own (numbered start+1, start+2, ...),
    so the import sees them as new whatever the session and the other tests imported."""
    set_code = set_code or new_set_code()
    copies = []
    for i in range(count):
        record = copy.deepcopy(POOL[(start + i) % len(POOL)])
        record.update(id=str(uuid.uuid4()), set=set_code, collector_number=str(start + i + 1))
        copies.append(record)
    return copies


def json_bytes(records: list[dict], form: str) -> bytes:
    """``records`` as a bulk file: "array" (Scryfall's older form, one record per line inside [ ]) or
    "lines" (JSON Lines), gzipped when ``form`` ends in ".gz"."""
    base = form.removesuffix(".gz")
    if base == "array":
        text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    data = text.encode()
    return gzip.compress(data) if form.endswith(".gz") else data


def write_bulk(path: Path, records: list[dict], form: str = "lines") -> Path:
    path.write_bytes(json_bytes(records, form))
    return path


def run_import(*args, prices_date: str | None = PRICES_DATE) -> tuple[dict, str]:
    """``manage.py catalog_import *args --no-progress [--prices-date]`` → (its report, its output)."""
    out = io.StringIO()
    extra = ["--prices-date", prices_date] if prices_date else []
    call_command("catalog_import", *map(str, args), "--no-progress", *extra, stdout=out, stderr=io.StringIO())
    return parse_report(out.getvalue()), out.getvalue()


def parse_report(text: str) -> dict:
    """The numbers of the import's summary: records, new, updated, prices_only, unchanged, skipped
    ({reason: n}), sets."""

    def number(pattern: str) -> int:
        found = re.search(pattern, text, re.MULTILINE)
        assert found, (pattern, text)
        return int(found[1].replace(",", ""))

    skipped = {m[1]: int(m[2].replace(",", "")) for m in re.finditer(r"^ {4}(\w+)\s+([\d,]+)$", text, re.MULTILINE)}
    return {
        "records": number(r"^([\d,]+) records read"),
        "new": number(r"^\s+new\s+([\d,]+)$"),
        "updated": number(r"^\s+updated\s+([\d,]+)"),
        "prices_only": number(r"^\s+updated\s+[\d,]+\s+\(([\d,]+) prices only\)"),
        "unchanged": number(r"^\s+unchanged\s+([\d,]+)$"),
        "skipped_total": number(r"^\s+skipped\s+([\d,]+)$"),
        "skipped": skipped,
        "sets": number(r"^\s+sets (?:would be )?written ([\d,]+)$"),
    }


def by_id_item(scryfall_id: str) -> dict | None:
    """The printing's item by Scryfall id, as stored (plain values), or None."""
    item = table.get_item(keys.printing_key(scryfall_id))
    return from_item(item) if item else None


def in_set_item(set_code: str, collector_number: str, lang: str = "en") -> dict | None:
    """The printing's item in its set's partition, as stored, or None."""
    item = table.get_item(keys.printing_in_set_key(set_code, collector_number, lang))
    return from_item(item) if item else None


def stored_both(record: dict) -> tuple[dict | None, dict | None]:
    return by_id_item(record["id"]), in_set_item(record["set"], record["collector_number"], record["lang"])


def dynamo(calls) -> dict:
    """{operation: count} of the DynamoDB calls in a recorded_aws_calls Counter."""
    return {op: n for (service, op), n in calls.items() if service == "dynamodb"}


WRITES = {"BatchWriteItem", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"}


def ok(response, status: int = 200):
    assert response.status_code == status, (response.status_code, getattr(response, "data", response.content))
    return response.json() if response.content else None


def error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def path_of(url: str) -> str:
    """A link from a response (http://testserver/...) as the test client takes it."""
    return url.removeprefix("http://testserver")
