"""Card entries: a printing plus its physical state, held in a binder, and their errors."""

import enum
import re
from dataclasses import dataclass

from catalog.domain import LANGUAGES, normalize_name  # noqa: F401 (one list of languages, one normalization)
from tradeapi.db.keys import CARD_ID_PATTERN
from tradeapi.exceptions import Conflict, InvalidInput, NotFound

MIN_QUANTITY = 1
MAX_QUANTITY = 999

# The fields that make up an entry's identity (and so its card_id): they cannot be changed in place.
# (The printing is its set, collector number and language; scryfall_id names the same printing.)
IDENTITY_FIELDS = ("scryfall_id", "name", "set_code", "collector_number", "finish", "condition", "language")


def check_quantity(quantity: int) -> None:
    """InvalidQuantity unless MIN_QUANTITY <= quantity <= MAX_QUANTITY (the API's serializers check it
    first; this keeps every other caller, demo and benches included, to the same rule)."""
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not MIN_QUANTITY <= quantity <= MAX_QUANTITY:
        raise InvalidQuantity(details={"quantity": [f"From {MIN_QUANTITY} to {MAX_QUANTITY}."]})


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
    oracle_id: str | None = None
    rarity: str | None = None
    image: dict | None = None


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
    oracle_id: str | None = None
    rarity: str | None = None
    image: dict | None = None
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
            oracle_id=self.oracle_id,
            rarity=self.rarity,
            image=self.image,
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
            "oracle_id": self.oracle_id,
            "rarity": self.rarity,
            "image": self.image,
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
        "The printing (scryfall_id, name, set_code, collector_number), finish, condition and language identify "
        "an entry and cannot be changed; add the new printing and remove (or move) this one."
    )


class InvalidQuantity(InvalidInput):
    message = f"A quantity is from {MIN_QUANTITY} to {MAX_QUANTITY}."


class PrintingMismatch(InvalidInput):
    code = "printing_mismatch"
    message = "The card's details do not agree with the printing the catalog has."


class SameBinder(InvalidInput):
    code = "same_binder"
    message = "The card is already in that binder."
