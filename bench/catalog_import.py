"""The catalog import's throughput against a bare boto3 batch_writer loop on the same emulator, and
its peak memory on a 1,000- and a 100,000-record file.

In one process and one run:

1. Generates N records from the sample catalog (catalog/sample/): copies of its importable records,
   each with a fresh id, in sets of 500 with distinct collector numbers, as a gzipped JSON Lines file
   (the form Scryfall serves now).
2. Ours: catalog.importer.Importer over catalog.bulk.open_source of that file, into a fresh, empty
   table (every printing new): reading, parsing, hashing, one BatchGetItem of stored hashes per 100,
   BatchWriteItem of both items of each printing, then the sets.
3. Baseline: boto3's resource API, ``Table.batch_writer()`` putting the SAME items (the two items of
   each printing from catalog.repository.printing_items, turned into Python values beforehand, so the
   baseline pays for no parsing, no hashing and no reads) into another fresh table on the same
   emulator. batch_writer sends 25 items a BatchWriteItem, as our import does.
4. Repeats both, alternating which goes first, and reports items/s (two items per printing), the
   ratio ours / baseline of the medians (budget: at least 0.8x), and the median of each round's own
   ratio (a pair run back to back shares the machine's load of the moment).
5. Peak RSS: imports a 1,000-record and a 100,000-record file in a fresh child process each, the
   emulator staying in this process (its memory is not counted). The child runs only the importer
   and reports its own peak RSS (VmHWM in /proc/self/status). The 1,000-record file is written to the
   emulator; moto takes over 6 minutes for 100,000 (see bench/README.md), so the 100,000-record file is
   imported with --dry-run unless --large-writes is given: every record read, parsed and compared
   (1,000 BatchGetItem), nothing written. Budget: flat, at most 150 MB.

Latency is moto's, not DynamoDB's: the ratio is the portable number.

    .venv/bin/python bench/catalog_import.py [--records 2000] [--rounds 3] [--large 100000] [--large-writes]
"""

import argparse
import copy
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3
import harness  # noqa: F401 (sets Django up)
from boto3.dynamodb.types import TypeDeserializer
from django.conf import settings

from catalog.bulk import open_source
from catalog.demo import SAMPLE
from catalog.domain import CatalogPrinting, from_scryfall
from catalog.importer import Importer
from catalog.repository import printing_items
from tradeapi import aws
from tradeapi.db import schema
from tradeapi.local import stack

PRICES_DATE = "2026-12-01"
SET_SIZE = 500
BUDGET_RATIO = 0.8
BUDGET_RSS_MB = 150


def generate(path: Path, count: int, tag: str) -> None:
    """``count`` copies of the sample's importable records as gzipped JSON Lines: fresh ids, sets of SET_SIZE."""
    records = json.loads(SAMPLE.read_text())
    pool = [r for r in records if isinstance(from_scryfall(r), CatalogPrinting)]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for i in range(count):
            record = copy.deepcopy(pool[i % len(pool)])
            record.update(id=str(uuid.uuid4()), set=f"{tag}{i // SET_SIZE}", collector_number=str(i % SET_SIZE + 1))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def fresh_table() -> str:
    name = f"bench-catalog-{uuid.uuid4().hex[:8]}"
    aws.dynamodb().create_table(**schema.main_table(name, settings.KMS_KEY_ID))
    return name


def drop_table(name: str) -> None:
    aws.dynamodb().delete_table(TableName=name)


def ours(path: Path) -> tuple[float, int]:
    """Import the file into a fresh table: (seconds, items written)."""
    settings.TABLE_NAME = fresh_table()
    try:
        start = time.perf_counter()
        source = open_source(str(path))
        try:
            importer = Importer(prices_date=PRICES_DATE)
            for record in source.records():
                importer.add(record)
            report = importer.finish()
        finally:
            source.close()
        elapsed = time.perf_counter() - start
        assert report.new == report.records, report.summary()
        return elapsed, 2 * report.new
    finally:
        drop_table(settings.TABLE_NAME)


def baseline_items(path: Path) -> list[dict]:
    """The items our import writes for the file (two a printing), as Python values for the resource API."""
    deserializer = TypeDeserializer()
    items = []
    source = open_source(str(path))
    try:
        for record in source.records():
            for item in printing_items(from_scryfall(record, PRICES_DATE)):
                items.append({name: deserializer.deserialize(value) for name, value in item.items()})
    finally:
        source.close()
    return items


def baseline(items: list[dict]) -> tuple[float, int]:
    """A bare boto3 batch_writer loop putting ``items`` into a fresh table: (seconds, items written)."""
    name = fresh_table()
    try:
        resource_api = boto3.session.Session().resource(  # the same client settings as ours
            "dynamodb",
            region_name=settings.AWS_REGION,
            endpoint_url=settings.AWS_ENDPOINT_URL,
            config=aws.client_config(),
        )
        table = resource_api.Table(name)
        start = time.perf_counter()
        with table.batch_writer() as writer:
            for item in items:
                writer.put_item(Item=item)
        return time.perf_counter() - start, len(items)
    finally:
        drop_table(name)


def peak_rss_kb() -> int:
    """This process's peak RSS in kB: VmHWM, which starts afresh at exec. (getrusage's ru_maxrss would
    carry over the parent's footprint from before the fork, emulator included.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: kB on most systems


def child_import(path: str, dry_run: bool) -> None:
    """In a fresh process: import ``path``, then print the report and this process's peak RSS as JSON."""
    start = time.perf_counter()
    source = open_source(path)
    try:
        importer = Importer(prices_date=PRICES_DATE, dry_run=dry_run)
        for record in source.records():
            importer.add(record)
        report = importer.finish()
    finally:
        source.close()
    peak_kb = peak_rss_kb()
    result = {"records": report.records, "new": report.new, "seconds": time.perf_counter() - start, "peak_kb": peak_kb}
    print(json.dumps(result))


def peak_rss(path: Path, local: stack.LocalStack, table_name: str, dry_run: bool) -> dict:
    env = {**os.environ, **local.environ(), "TRADEAPI_TABLE": table_name, "LOG_LEVEL": "WARNING"}
    args = [sys.executable, __file__, "--child", str(path)] + (["--dry-run"] if dry_run else [])
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000, help="records per throughput run")
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds (order alternates)")
    parser.add_argument("--small", type=int, default=1000, help="records of the small RSS file (written)")
    parser.add_argument("--large", type=int, default=100_000, help="records of the large RSS file")
    parser.add_argument("--large-writes", action="store_true", help="write the large file too (moto: very slow)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child_import(options.child, options.dry_run)
        return

    emulator, local = stack.start()
    work = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    try:
        path = work / "throughput.jsonl.gz"
        generate(path, options.records, "b")
        items = baseline_items(path)
        print(f"{options.records:,} records ({len(items):,} items), {options.rounds} rounds, order alternating\n")
        print("| Round | Ours items/s | Baseline items/s | Ratio |")
        print("|---|---|---|---|")
        rates = {"ours": [], "baseline": []}
        for round_ in range(options.rounds):
            runs = [("ours", lambda: ours(path)), ("baseline", lambda: baseline(items))]
            if round_ % 2:
                runs.reverse()
            result = {}
            for label, run in runs:
                seconds, written = run()
                result[label] = written / seconds
                rates[label].append(result[label])
            first = runs[0][0]
            print(
                f"| {round_ + 1} ({first} first) | {result['ours']:,.0f} | {result['baseline']:,.0f} | "
                f"{result['ours'] / result['baseline']:.2f}x |"
            )
        ours_rate, base_rate = statistics.median(rates["ours"]), statistics.median(rates["baseline"])
        ratio = ours_rate / base_rate
        paired = statistics.median(o / b for o, b in zip(rates["ours"], rates["baseline"], strict=True))
        print(
            f"| **median** | **{ours_rate:,.0f}** ({ours_rate / 2:,.0f} records/s) | **{base_rate:,.0f}** | "
            f"**{ratio:.2f}x** (budget >= {BUDGET_RATIO}x: {'met' if ratio >= BUDGET_RATIO else 'OVER BUDGET'}) |"
        )
        print(f"\nMedian of the rounds' own ratios (each pair run back to back): {paired:.2f}x")

        print("\n| Peak RSS of a fresh process importing | Mode | Records | Time | Peak RSS |")
        print("|---|---|---|---|---|")
        for count, dry_run in ((options.small, False), (options.large, not options.large_writes)):
            file = work / f"rss-{count}.jsonl.gz"
            generate(file, count, f"r{count}x")
            table_name = fresh_table()
            try:
                found = peak_rss(file, local, table_name, dry_run)
            finally:
                drop_table(table_name)
            assert found["records"] == count and found["new"] == count, found
            mb = found["peak_kb"] / 1024
            mode = "dry run (reads and compares, writes nothing)" if dry_run else "written to the emulator"
            print(
                f"| {count:,}-record gzipped JSON Lines ({file.stat().st_size / 1e6:,.1f} MB) | {mode} | "
                f"{found['records']:,} | {found['seconds']:,.1f} s | **{mb:,.0f} MB** "
                f"({'within' if mb <= BUDGET_RSS_MB else 'OVER'} {BUDGET_RSS_MB} MB) |"
            )
    finally:
        for file in work.iterdir():
            file.unlink()
        work.rmdir()
        emulator.stop()


if __name__ == "__main__":
    main()
