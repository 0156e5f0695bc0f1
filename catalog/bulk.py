"""Reading Scryfall bulk files as a stream of records, whatever their form, in flat memory.

A source is a path or a URL (https://, file://), holding a JSON array (the older form, streamed
with ijson) or JSON Lines (the newer form, one card per line), either of them gzipped or not:
the form is read from the first bytes, not from the name. Scryfall serves the gzipped file as
application/gzip without Content-Encoding, so decompression is ours.
"""

import gzip
import io
import json
import os
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import ijson

USER_AGENT = "tradeapi-catalog/1.0"  # Scryfall asks API clients to name themselves
READ_TIMEOUT = 60


class CorruptFile(Exception):
    """The file stops being readable: truncated, not JSON, or not gzip. ``where`` says at which point."""

    def __init__(self, message: str, *, where: str):
        self.where = where
        super().__init__(f"{message} ({where})")


@dataclass
class Source:
    """An opened bulk file: its records as they stream, and how far through it the reader is."""

    name: str
    stream: io.BufferedReader
    counter: "CountingReader"
    size: int | None  # bytes of the (possibly compressed) file, when known
    modified: str | None  # the file's date (YYYY-MM-DD): the prices' date unless told otherwise
    form: str = ""
    records_read: int = 0

    def close(self) -> None:
        self.stream.close()

    @property
    def progress(self) -> float | None:
        return min(1.0, self.counter.count / self.size) if self.size else None

    def records(self) -> Iterator[dict]:
        stream = self.stream
        head = stream.peek(2)
        if head[:2] == b"\x1f\x8b":
            stream = io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"), buffer_size=1 << 16)
            self.form = "gzip "
        try:
            first = _first_byte(stream)
            if first == b"[":
                self.form += "JSON array"
                yield from self._array(stream)
            elif first == b"{":
                self.form += "JSON Lines"
                yield from self._lines(stream)
            elif first == b"":
                self.form += "empty"
            else:
                raise CorruptFile("not a JSON array or JSON Lines", where="byte 0")
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise CorruptFile(f"the gzip stream is cut short or damaged: {exc}", where=self._where()) from exc

    def _where(self) -> str:
        return f"after record {self.records_read:,}, byte {self.counter.count:,} of the file"

    def _array(self, stream) -> Iterator[dict]:
        try:
            for record in ijson.items(stream, "item"):
                self.records_read += 1
                yield record
        except ijson.JSONError as exc:
            raise CorruptFile(f"the JSON array is cut short or damaged: {exc}", where=self._where()) from exc

    def _lines(self, stream) -> Iterator[dict]:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                raise CorruptFile(f"not JSON: {exc}", where=f"line {number:,}") from exc
            self.records_read += 1
            yield record


class CountingReader(io.RawIOBase):
    """A readable stream that counts the bytes taken from the one it wraps (progress of a download)."""

    def __init__(self, inner):
        self.inner, self.count = inner, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def _first_byte(stream) -> bytes:
    """The first non-whitespace byte (left in the stream: peeked, not consumed)."""
    while True:
        head = stream.peek(1)[:64]
        if not head:
            return b""
        stripped = head.lstrip()
        if stripped:
            stream.read(len(head) - len(stripped))
            return stripped[:1]
        stream.read(len(head))


def open_source(location: str) -> Source:
    """Open a path or URL for reading. URLs are streamed, never downloaded whole."""
    if "://" in location:
        request = urllib.request.Request(location, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = urllib.request.urlopen(request, timeout=READ_TIMEOUT)  # noqa: S310 (operator-given URL)
        size = response.headers.get("Content-Length")
        modified = response.headers.get("Last-Modified")
        date = None
        if modified:
            try:
                date = datetime.strptime(modified, "%a, %d %b %Y %H:%M:%S %Z").date().isoformat()
            except ValueError:
                date = None
        return Source(location, *_buffered(response), int(size) if size and size.isdigit() else None, date)
    stat = os.stat(location)
    date = datetime.fromtimestamp(stat.st_mtime, UTC).date().isoformat()
    return Source(location, *_buffered(open(location, "rb")), stat.st_size, date)  # noqa: SIM115 (closed by the caller)


def _buffered(inner) -> tuple[io.BufferedReader, "CountingReader"]:
    counter = CountingReader(inner)
    return io.BufferedReader(counter, buffer_size=1 << 16), counter


def bulk_download_uri(metadata_url: str) -> tuple[str, str | None]:
    """Scryfall's bulk-data object (https://api.scryfall.com/bulk-data/default-cards) → (download_uri,
    the date it was generated). Prices in it are as of that date."""
    request = urllib.request.Request(metadata_url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=READ_TIMEOUT) as response:  # noqa: S310 (configured URL)
        data = json.load(response)
    if not isinstance(data, dict) or not isinstance(data.get("download_uri"), str):
        raise CorruptFile("the bulk-data answer has no download_uri", where=metadata_url)
    updated = data.get("updated_at")
    return data["download_uri"], updated[:10] if isinstance(updated, str) else None
