"""Card entries: a printing plus its physical state, held in a binder, and their errors."""

import enum
import re
import unicodedata
from dataclasses import dataclass

from tradeapi.db.keys import CARD_ID_PATTERN
from tradeapi.exceptions import Conflict, InvalidInput, NotFound

MIN_QUANTITY = 1
MAX_QUANTITY = 999

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

# The fields that make up an entry's identity (and so its card_id): they cannot be changed in place.
IDENTITY_FIELDS = ("set_code", "collector_number", "finish", "condition", "language")


def binder_of_card_id(text: str | None) -> str | None:
    """The binder a card id names, if ``text`` is a card id we could have issued; else None."""
    match = re.fullmatch(CARD_ID_PATTERN, text or "")
    return match[1] if match else None


class Finish(str, enum.Enum):
    NONFOIL = "nonfoil"
    FOIL = "foil"
    ETCHED = "etched"


class Condition(str, enum.Enum):
    NM = "NM"
    LP = "LP"
    MP = "MP"
    HP = "HP"
    DMG = "DMG"


def normalize_name(name: str) -> str:
    """The searchable form of a card name: accents stripped, casefolded, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain).strip().casefold()


@dataclass(frozen=True)
class Printing:
    """What identifies an entry in a binder, with the card's descriptive details."""

    name: str
    set_code: str
    collector_number: str
    finish: Finish = Finish.NONFOIL
    condition: Condition = Condition.NM
    language: str = "en"
    scryfall_id: str | None = None


@dataclass(frozen=True)
class CardEntry:
    owner_sub: str
    binder_id: str
    card_id: str
    name: str
    set_code: str
    collector_number: str
    finish: Finish
    condition: Condition
    language: str
    quantity: int
    scryfall_id: str | None = None
    notes: str = ""
    name_norm: str = ""
    created_at: str = ""
    updated_at: str = ""
    version: int = 1

    def printing(self) -> Printing:
        return Printing(
            name=self.name,
            set_code=self.set_code,
            collector_number=self.collector_number,
            finish=self.finish,
            condition=self.condition,
            language=self.language,
            scryfall_id=self.scryfall_id,
        )

    def snapshot(self) -> dict:
        """The card details a trade line keeps, as they were when the line was offered."""
        details = {
            "name": self.name,
            "set_code": self.set_code,
            "collector_number": self.collector_number,
            "finish": self.finish.value,
            "condition": self.condition.value,
            "language": self.language,
            "scryfall_id": self.scryfall_id,
            "binder_id": self.binder_id,
        }
        return {name: value for name, value in details.items() if value is not None}


class CardNotFound(NotFound):
    code = "card_not_found"
    message = "No such card entry."


class QuantityLimitExceeded(Conflict):
    code = "quantity_limit_exceeded"
    message = f"An entry holds at most {MAX_QUANTITY} copies."


class InsufficientQuantity(Conflict):
    code = "insufficient_quantity"
    message = "The entry does not hold that many copies."


class CardsChanging(Conflict):
    code = "cards_changing"
    message = "These cards keep changing under concurrent requests; try again."


class EntryChanged(CardsChanging):
    """The entry changed since it was read (or is gone): the service reads it again and retries."""


class IdentityChange(InvalidInput):
    code = "identity_change"
    message = (
        "set_code, collector_number, finish, condition and language identify an entry and cannot be "
        "changed; add the new printing and remove (or move) this one."
    )


class SameBinder(InvalidInput):
    code = "same_binder"
    message = "The card is already in that binder."
