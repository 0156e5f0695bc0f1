"""Offers: the lines each side gives, as a client asks for them and as a trade keeps them."""

from dataclasses import dataclass, field

from tradeapi.db.keys import binder_id_of_card
from trades.domain.errors import InvalidOffer

MAX_LINES = 40


@dataclass(frozen=True)
class LineRequest:
    """One line as a client asks for it: a card entry and a quantity."""

    card_id: str
    quantity: int

    @property
    def binder_id(self) -> str:
        """The binder the entry is in (a card id names its binder)."""
        return binder_id_of_card(self.card_id)


@dataclass(frozen=True)
class TradeLine:
    """One line of an offer: ``quantity`` of the giver's entry ``card_id``, with a snapshot of the card."""

    card_id: str
    quantity: int
    giver_sub: str
    card: dict = field(default_factory=dict)  # name, set_code, collector_number, finish, condition, language, ...


@dataclass(frozen=True)
class Offer:
    """What each side gives, and who made this offer."""

    made_by: str  # sub of the party who made it
    proposer_gives: tuple[TradeLine, ...] = ()
    recipient_gives: tuple[TradeLine, ...] = ()
    message: str = ""

    @property
    def lines(self) -> tuple[TradeLine, ...]:
        return self.proposer_gives + self.recipient_gives


def check_line_shape(offered: list[LineRequest], requested: list[LineRequest]) -> None:
    """Count, duplicates and quantities; ownership is checked against the table by the service."""
    total = len(offered) + len(requested)
    if total == 0:
        raise InvalidOffer("A trade needs at least one line.", details={"lines": "at least one line is required"})
    if total > MAX_LINES:
        raise InvalidOffer(
            f"A trade holds at most {MAX_LINES} lines.", details={"lines": f"at most {MAX_LINES} lines, not {total}"}
        )
    for side, lines in (("offered", offered), ("requested", requested)):
        ids = [line.card_id for line in lines]
        if len(set(ids)) != len(ids):
            raise InvalidOffer("A card appears twice on one side.", details={side: "each card_id at most once"})
        if any(line.quantity < 1 for line in lines):
            raise InvalidOffer("Quantities must be at least 1.", details={side: "quantity must be at least 1"})
