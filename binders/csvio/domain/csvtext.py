"""Reading an uploaded CSV file safely, and writing CSV that no spreadsheet runs as a formula.

Reading: at most MAX_BYTES and MAX_ROWS; UTF-8 (with or without a BOM), UTF-16 with its BOM, or
Windows-1252 (what Excel on Windows writes as "CSV"); comma, semicolon or tab separated (told from
the header line); CRLF, LF or CR line ends. A binary file, an encoding we cannot read and a CSV
syntax error are refused with the line they are on, never a 500.

Writing: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading apostrophe (OWASP's advice for CSV injection), which reading strips again, so a
card named "+2 Mace" survives a round trip and never runs as a formula.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tradeapi.exceptions import InvalidInput, PayloadTooLarge

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 10_000  # characters in one cell (csv's own limit is 131,072)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


class FileTooLarge(PayloadTooLarge):
    code = "file_too_large"
    message = f"The file is over {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."


class TooManyRows(InvalidInput):
    code = "too_many_rows"
    message = f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."


class UnreadableFile(InvalidInput):
    code = "unreadable_file"
    message = "The file is not CSV text we can read."


class EmptyFile(InvalidInput):
    code = "empty_file"
    message = "The file has no header row."


def decode(data: bytes) -> str:
    """The text of an uploaded file (see the module's note on encodings)."""
    if len(data) > MAX_BYTES:
        raise FileTooLarge()
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif b"\x00" in data:
            raise UnreadableFile("The file is binary, not CSV text.", details={"file": ["It holds NUL bytes."]})
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            "The file's encoding cannot be read: save it as CSV UTF-8.",
            details={"file": [f"Undecodable bytes at offset {exc.start}."]},
        ) from None
    if "\x00" in text:
        raise UnreadableFile("The file is binary, not CSV text.", details={"file": ["It holds NUL characters."]})
    return text


def unformula(cell: str) -> str:
    """A cell as read: invisible marks around it dropped, an export's protective apostrophe removed."""
    cell = cell.strip().strip(_INVISIBLE).strip()
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number of the row's start, cells)


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def read_table(text: str) -> Table:
    """The header row and every non-blank row after it, each with the line it starts on (the header
    is line 1 unless blank lines or Excel's ``sep=`` line come first)."""
    lines = io.StringIO(text, newline="")
    first = re.match(r"[^\r\n]*", text)[0]
    if re.fullmatch(r"sep=.", first.strip(), flags=re.IGNORECASE):
        delimiter = first.strip()[-1]
        lines.readline()
    else:
        delimiter = _delimiter(first)
    reader = csv.reader(lines, delimiter=delimiter)
    header, rows, start = None, [], 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if any(len(cell) > MAX_CELL for cell in cells):
                raise UnreadableFile(
                    f"Line {line} has a cell over {MAX_CELL:,} characters (an unclosed quote?).",
                    details={"line": [line]},
                )
            cells = [unformula(cell) for cell in cells]
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append((line, cells))
            if len(rows) > MAX_ROWS:
                raise TooManyRows(details={"rows": [f"At most {MAX_ROWS:,}."]})
    except csv.Error as exc:
        raise UnreadableFile(
            f"Line {reader.line_num} is not valid CSV: {exc}.", details={"line": [reader.line_num]}
        ) from None
    if header is None:
        raise EmptyFile()
    return Table(header, rows)


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Line:
    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """Each row as one CSV line (CRLF, quoted where needed), every cell formula-safe."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
