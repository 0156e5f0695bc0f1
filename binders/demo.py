"""Demo collections for `make run`: each demo trader gets two binders of real cards (one tradeable),
plus a few cards in their default binder. Runs after the accounts seeder (profiles exist)."""

import logging

from binders.domain.binders import BinderNameTaken, Visibility
from binders.domain.cards import Condition, Finish, Printing
from binders.services.binders import binder_create
from binders.services.cards import card_add

logger = logging.getLogger("tradeapi.local")

NM, LP, MP, HP = Condition.NM, Condition.LP, Condition.MP, Condition.HP
FOIL, ETCHED = Finish.FOIL, Finish.ETCHED


def _p(name, set_code, number, condition=NM, finish=Finish.NONFOIL, language="en") -> Printing:
    return Printing(
        name=name, set_code=set_code, collector_number=number, condition=condition, finish=finish, language=language
    )


# username → [(binder name, visibility, description, [(printing, quantity)])]; None = the default binder.
COLLECTIONS = {
    "alice": [
        (
            "Modern Staples",
            Visibility.TRADEABLE,
            "Spare playsets, open to offers.",
            [
                (_p("Lightning Bolt", "M11", "149"), 4),
                (_p("Tarmogoyf", "FUT", "153", LP), 1),
                (_p("Thoughtseize", "THS", "107", finish=FOIL), 2),
                (_p("Snapcaster Mage", "ISD", "78", MP), 1),
                (_p("Fatal Push", "AER", "57"), 3),
            ],
        ),
        (
            "Commander: Atraxa",
            Visibility.PRIVATE,
            "The deck. Not for trade.",
            [
                (_p("Atraxa, Praetors' Voice", "C16", "28", finish=FOIL), 1),
                (_p("Sol Ring", "C21", "263"), 1),
                (_p("Doubling Season", "RAV", "155", LP), 1),
            ],
        ),
        (None, None, None, [(_p("Counterspell", "7ED", "67", HP), 2)]),
    ],
    "bob": [
        (
            "Trade Binder",
            Visibility.TRADEABLE,
            "Everything here can go.",
            [
                (_p("Ragavan, Nimble Pilferer", "MH2", "138"), 1),
                (_p("Path to Exile", "2XM", "25", LP), 3),
                (_p("Brainstorm", "ICE", "61", MP), 4),
                (_p("Llanowar Elves", "M19", "314"), 4),
                (_p("Sheoldred, the Apocalypse", "DMU", "107", language="ja"), 1),
            ],
        ),
        (
            "Old Frames",
            Visibility.PRIVATE,
            "",
            [
                (_p("Serra Angel", "LEB", "40", HP), 1),
                (_p("Shivan Dragon", "2ED", "174", MP), 1),
            ],
        ),
    ],
    "carol": [
        (
            "Pauper Cube",
            Visibility.TRADEABLE,
            "Duplicates from the cube.",
            [
                (_p("Counterspell", "MH2", "267"), 2),
                (_p("Lightning Bolt", "M10", "146", finish=ETCHED), 1),
                (_p("Ponder", "M12", "73", LP), 3),
                (_p("Kor Skyfisher", "ZEN", "23"), 2),
            ],
        ),
        (
            "Foils",
            Visibility.PRIVATE,
            "Shiny things.",
            [
                (_p("Thoughtseize", "2XM", "107", finish=FOIL, language="de"), 1),
                (_p("Swords to Plowshares", "STA", "10", finish=ETCHED), 1),
                (_p("Teferi, Time Raveler", "WAR", "221", finish=FOIL, language="ja"), 1),
            ],
        ),
        (None, None, None, [(_p("Dark Ritual", "A25", "82"), 4)]),
    ],
}


def seed(accounts) -> None:
    """``accounts``: the demo accounts (profiles already created); traders named in COLLECTIONS get binders."""
    for account in accounts:
        for name, visibility, description, cards in COLLECTIONS.get(account.username, []):
            binder_id = "default"
            if name is not None:
                try:
                    binder_id = binder_create(
                        owner_sub=account.sub, name=name, description=description, visibility=visibility
                    ).binder_id
                except BinderNameTaken:
                    logger.warning("collections demo: %s already has a binder %r; skipped", account.username, name)
                    continue
            for printing, quantity in cards:
                card_add(owner_sub=account.sub, binder_id=binder_id, printing=printing, quantity=quantity)
