"""The trades' domain errors: a code and a message each, never HTTP (tradeapi.errors maps them)."""

from tradeapi.exceptions import Conflict, Forbidden, InvalidInput, NotFound


class TradeNotFound(NotFound):
    code = "trade_not_found"
    message = "No such trade."


class InvalidOffer(InvalidInput):
    code = "invalid_offer"
    message = "The offer is not valid."


class NotYourTurn(Forbidden):
    code = "not_your_turn"
    message = "It is not your turn to do this on this trade."


class TradeFinal(Conflict):
    code = "trade_final"
    message = "This trade is closed."


class StaleVersion(Conflict):
    code = "stale_version"
    message = "The trade has changed since you read it."


class TradeChanged(StaleVersion):
    """A write conditioned on an older version of the trade failed; ``current`` is the trade now."""

    def __init__(self, current):
        super().__init__(details={"current_version": current.version})
        self.current = current


class TransferConflict(Conflict):
    """A card entry or binder changed between reading it and completing the trade.

    ``changes`` are the plan's entry changes whose writes failed (the service reads again)."""

    code = "cards_changing"
    message = "These cards keep changing under concurrent requests; try again."

    def __init__(self, changes: list):
        super().__init__()
        self.changes = changes


class TradeOnHold(Conflict):
    code = "trade_on_hold"
    message = "This trade is on hold by a moderator."


class CardsUnavailable(Conflict):
    code = "cards_unavailable"
    message = "Some cards in this trade are no longer available."


class AlreadyHeld(Conflict):
    code = "already_held"
    message = "This trade is already on hold."


class NotHeld(Conflict):
    code = "not_held"
    message = "This trade is not on hold."


class RecipientUnavailable(Conflict):
    code = "recipient_unavailable"
    message = "That trader cannot receive trades."
