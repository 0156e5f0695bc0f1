"""The transfer plan: what completing a trade does to each card entry and binder.

Completion is planned per DynamoDB item, not per line: a transaction may not touch
one item twice, so the lines' quantities are netted per card entry (a trader may give
from and receive into the same ``default-<h>`` entry) and per binder (card_count).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from tradeapi.db import keys
from tradeapi.db.schema import MAX_TRANSACTION_ACTIONS
from trades.domain.errors import InvalidOffer
from trades.domain.offers import TradeLine
from trades.domain.trades import Trade

TRADE_ACTIONS = 4  # trade item, event, two views


@dataclass
class EntryChange:
    """The net change of one card entry: what its owner gives from it and receives into it."""

    owner_sub: str
    card_id: str
    gives: int = 0
    receives: int = 0
    lines: list[TradeLine] = field(default_factory=list)  # lines given from this entry
    source: tuple[str, str] | None = None  # a giver's entry to copy card details from, when receiving


@dataclass
class TransferPlan:
    entries: dict[tuple[str, str], EntryChange]
    binder_deltas: dict[tuple[str, str], int]

    @property
    def action_count(self) -> int:
        """Actions the completing transaction will hold, the trade's own four included."""
        return TRADE_ACTIONS + len(self.entries) + sum(1 for d in self.binder_deltas.values() if d)

    @property
    def given(self) -> list[tuple[str, str]]:
        return [ref for ref, change in self.entries.items() if change.gives]

    def check_size(self) -> None:
        """An offer must complete in one transaction: refuse it when it would need more actions."""
        if self.action_count > MAX_TRANSACTION_ACTIONS:
            raise InvalidOffer(
                "This offer touches too many card entries and binders to complete atomically.",
                details={"lines": f"needs {self.action_count} writes; at most {MAX_TRANSACTION_ACTIONS}"},
            )

    def shortfalls(self, trade: Trade, held: dict[tuple[str, str], int]) -> list[dict]:
        """The lines whose giver no longer holds enough of the entry they give from.

        ``held`` is the quantity each giver's entry holds now, {(owner_sub, card_id): quantity}.
        """
        missing = []
        for ref in self.given:
            change = self.entries[ref]
            available = held.get(ref, 0)
            if available < change.gives:
                missing += [
                    {
                        "card_id": line.card_id,
                        "giver": trade.party(line.giver_sub).username,
                        "quantity": line.quantity,
                        "available": available,
                    }
                    for line in change.lines
                ]
        return missing


def transfer_plan(trade: Trade) -> TransferPlan:
    """Net quantities per card entry and per binder for completing ``trade``'s current offer."""
    entries: dict[tuple[str, str], EntryChange] = {}
    binders: dict[tuple[str, str], int] = defaultdict(int)
    sides = (
        (trade.proposer, trade.recipient, trade.offer.proposer_gives),
        (trade.recipient, trade.proposer, trade.offer.recipient_gives),
    )
    for giver, receiver, lines in sides:
        for line in lines:
            given = entries.setdefault((giver.sub, line.card_id), EntryChange(giver.sub, line.card_id))
            given.gives += line.quantity
            given.lines.append(line)
            binders[(giver.sub, keys.binder_id_of_card(line.card_id))] -= line.quantity
            landing = keys.card_id_in_binder(line.card_id, keys.DEFAULT_BINDER_ID)
            received = entries.setdefault((receiver.sub, landing), EntryChange(receiver.sub, landing))
            received.receives += line.quantity
            received.source = received.source or (giver.sub, line.card_id)
            binders[(receiver.sub, keys.DEFAULT_BINDER_ID)] += line.quantity
    return TransferPlan(entries, dict(binders))
