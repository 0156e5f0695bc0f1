"""A page of results: what every listing returns, from the repository up to the API."""

from dataclasses import dataclass

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass
class Page:
    items: list
    next_cursor: str | None = None  # opaque; None on the last page
    previous_cursor: str | None = None  # opaque; "" when the previous page is the first; None on the first
