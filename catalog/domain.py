"""The catalog's domain: a printing as we keep it, read from a Scryfall card object, and its errors.

Plain Python: the rules for what a Scryfall record becomes (or why it is skipped), the
normalized name search uses, and the hashes that let a re-import skip what has not changed.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from tradeapi.db.keys import SCRYFALL_ID_PATTERN
from tradeapi.exceptions import InvalidInput, NotFound

FINISHES = ("nonfoil", "foil", "etched")
# Scryfall's language codes (https://scryfall.com/docs/api/languages).
LANGUAGES = (
    "en",
    "es",
    "fr",
    "de",
    "it",
    "pt",
    "ja",
    "ko",
    "ru",
    "zhs",
    "zht",
    "he",
    "la",
    "grc",
    "ar",
    "sa",
    "ph",
    "qya",
)
PRICE_KEYS = ("usd", "usd_foil", "usd_etched", "eur", "eur_foil", "tix")
IMAGE_SIZES = ("small", "normal")

# Why a record is not imported (the import's report counts each).
SKIP_ART_SERIES = "art_series"
SKIP_DIGITAL = "digital_only"
SKIP_NOT_PAPER = "not_in_paper"
SKIP_MISSING_FIELDS = "missing_fields"
SKIP_REASONS = (SKIP_ART_SERIES, SKIP_DIGITAL, SKIP_NOT_PAPER, SKIP_MISSING_FIELDS)

REQUIRED = ("id", "name", "lang", "set", "set_name", "collector_number", "rarity", "released_at")

# Letters that Unicode does not decompose into a base letter plus accents.
_LIGATURES = str.maketrans({"æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ð": "d", "þ": "th"})


def normalize_name(name: str) -> str:
    """The searchable form of a card name: accents and case folded, apostrophes dropped, every other
    run of punctuation or whitespace one space. "Lim-Dûl's Vault" → "lim dul s vault"? No: → "lim duls vault"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['’‘`]", "", plain)
    return re.sub(r"[\W_]+", " ", plain).strip()


def valid_scryfall_id(text: str | None) -> str | None:
    """``text`` as a Scryfall id (a UUID, lower case), or None when it cannot be one."""
    text = (text or "").strip().lower()
    return text if re.fullmatch(SCRYFALL_ID_PATTERN, text) else None


@dataclass(frozen=True)
class CatalogPrinting:
    """One printing in one language, as the catalog keeps it (the fields the API answers)."""

    scryfall_id: str
    oracle_id: str
    name: str
    lang: str
    set_code: str  # upper case, as traders write it ("MH2")
    set_name: str
    collector_number: str
    rarity: str
    released_at: str
    finishes: tuple[str, ...]
    type_line: str = ""
    layout: str = "normal"
    set_type: str = ""
    image: dict | None = None  # {"small": url, "normal": url}
    prices: dict = field(default_factory=lambda: dict.fromkeys(PRICE_KEYS))
    prices_date: str | None = None
    tcgplayer_id: int | None = None
    cardmarket_id: int | None = None

    @property
    def normalized_name(self) -> str:
        return normalize_name(self.name)

    def content(self) -> dict:
        """Everything but the prices: what the content hash covers."""
        data = asdict(self)
        data.pop("prices"), data.pop("prices_date")
        data["finishes"] = list(self.finishes)
        return data

    def content_hash(self) -> str:
        return _digest(self.content())

    def prices_hash(self) -> str:
        """Prices and their date: a daily file that confirms a price moves its date on (so it is not stale)."""
        return _digest({"prices": self.prices, "prices_date": self.prices_date})

    def check_finish(self, finish: str) -> None:
        """FinishNotAvailable unless this printing is made in ``finish``."""
        if finish not in self.finishes:
            raise FinishNotAvailable(
                f"{self.name} ({self.set_code} {self.collector_number}) is not made in {finish}; "
                f"it comes in: {', '.join(self.finishes)}.",
                details={"finish": [f"This printing comes in: {', '.join(self.finishes)}."]},
            )


@dataclass(frozen=True)
class CardSet:
    code: str  # upper case
    name: str
    released_at: str
    set_type: str = ""


@dataclass(frozen=True)
class Skipped:
    reason: str
    scryfall_id: str | None = None


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:32]


def _first_face(record: dict) -> dict:
    faces = record.get("card_faces")
    return faces[0] if isinstance(faces, list) and faces and isinstance(faces[0], dict) else {}


def _image(record: dict) -> dict | None:
    uris = record.get("image_uris")
    if not isinstance(uris, dict):
        uris = _first_face(record).get("image_uris")  # double-faced: each face has its own
    if not isinstance(uris, dict):
        return None
    image = {size: uris[size] for size in IMAGE_SIZES if isinstance(uris.get(size), str)}
    return image or None


def _price(value) -> str | None:
    return value if isinstance(value, str) and re.fullmatch(r"\d{1,9}(\.\d{1,4})?", value) else None


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def from_scryfall(record, prices_date: str | None = None) -> CatalogPrinting | Skipped:
    """A Scryfall card object → the printing we keep, or why it is skipped.

    Skipped: art-series cards, digital-only printings, printings not sold in paper, and
    records missing a field we need (including a finish and an oracle id, which double-faced
    layouts may keep on their faces).
    """
    if not isinstance(record, dict):
        return Skipped(SKIP_MISSING_FIELDS)
    scryfall_id = record.get("id") if isinstance(record.get("id"), str) else None
    if record.get("layout") == "art_series":
        return Skipped(SKIP_ART_SERIES, scryfall_id)
    if record.get("digital") is True:
        return Skipped(SKIP_DIGITAL, scryfall_id)
    games = record.get("games")
    if isinstance(games, list) and "paper" not in games:
        return Skipped(SKIP_NOT_PAPER, scryfall_id)
    oracle_id = record.get("oracle_id") or _first_face(record).get("oracle_id")
    finishes = record.get("finishes")
    if (
        any(not isinstance(record.get(name), str) or not record[name].strip() for name in REQUIRED)
        or not isinstance(oracle_id, str)
        or not isinstance(finishes, list)
        or not finishes
        or any(finish not in FINISHES for finish in finishes)
    ):
        return Skipped(SKIP_MISSING_FIELDS, scryfall_id)
    prices = record.get("prices") if isinstance(record.get("prices"), dict) else {}
    return CatalogPrinting(
        scryfall_id=record["id"],
        oracle_id=oracle_id,
        name=record["name"],
        lang=record["lang"],
        set_code=record["set"].upper(),
        set_name=record["set_name"],
        collector_number=record["collector_number"],
        rarity=record["rarity"],
        released_at=record["released_at"],
        finishes=tuple(f for f in FINISHES if f in finishes),
        type_line=record.get("type_line") or _first_face(record).get("type_line") or "",
        layout=record.get("layout") or "normal",
        set_type=record.get("set_type") or "",
        image=_image(record),
        prices={key: _price(prices.get(key)) for key in PRICE_KEYS},
        prices_date=prices_date,
        tcgplayer_id=_int(record.get("tcgplayer_id")),
        cardmarket_id=_int(record.get("cardmarket_id")),
    )


class PrintingNotFound(NotFound):
    code = "printing_not_found"
    message = "No such printing in the catalog."


class UnknownPrinting(InvalidInput):
    code = "unknown_printing"
    message = "The catalog has no such printing."


class FinishNotAvailable(InvalidInput):
    code = "finish_not_available"
    message = "The printing is not made in that finish."


class CatalogQueryNeeded(InvalidInput):
    message = "Search by name (q) or list a set (set)."
