"""Demo collections for `make run`: each demo trader gets two binders of real cards (one tradeable),
plus a few cards in their default binder. Runs after the accounts seeder (profiles exist)."""

import logging

from binders.domain.binders import BinderNameTaken, Visibility
from binders.domain.cards import Condition, Finish
from binders.services.binders import binder_create
from binders.services.cards import card_add

logger = logging.getLogger("tradeapi.local")

NM, LP, MP, HP = Condition.NM, Condition.LP, Condition.MP, Condition.HP
FOIL, ETCHED = Finish.FOIL, Finish.ETCHED


def _p(set_code, number, condition=NM, finish=None, language=None) -> dict:
    """A printing of the sample catalog (catalog/sample), by set + collector number, and its state."""
    return {
        "set_code": set_code,
        "collector_number": number,
        "condition": condition,
        "finish": finish,
        "language": language,
    }


# username → [(binder name, visibility, description, [(printing, quantity)])]; None = the default binder.
COLLECTIONS = {
    "alice": [
        (
            "Modern Staples",
            Visibility.TRADEABLE,
            "Spare playsets, open to offers.",
            [
                (_p("MM2", "165", LP), 1),  # Tarmogoyf
                (_p("MM2", "75"), 2),  # Dark Confidant
                (_p("MH2", "121"), 3),  # Dragon's Rage Channeler
                (_p("NEO", "266", finish=FOIL), 1),  # Boseiju, Who Endures
                (_p("KHM", "139"), 1),  # Goldspan Dragon
            ],
        ),
        (
            "Commander: Nyxbloom",
            Visibility.PRIVATE,
            "The deck. Not for trade.",
            [
                (_p("THB", "190"), 1),  # Nyxbloom Ancient
                (_p("PELD", "197p", finish=FOIL), 1),  # Oko, Thief of Crowns (promo)
                (_p("PMBS", "8★", finish=FOIL), 1),  # Hero of Bladehold (prerelease ★)
            ],
        ),
        (None, None, None, [(_p("ICE", "120", HP), 2)]),  # Dark Ritual
    ],
    "bob": [
        (
            "Trade Binder",
            Visibility.TRADEABLE,
            "Everything here can go.",
            [
                (_p("RNA", "246"), 2),  # Breeding Pool
                (_p("M11", "70", LP), 3),  # Preordain
                (_p("NPH", "35", MP), 4),  # Gitaxian Probe
                (_p("ISD", "51"), 4),  # Delver of Secrets // Insectile Aberration
                (_p("IKO", "387", language="ja"), 1),  # Crystalline Giant, Japanese
            ],
        ),
        (
            "Old Frames",
            Visibility.PRIVATE,
            "",
            [
                (_p("3ED", "283", HP), 1),  # Bayou
                (_p("3ED", "187", MP), 1),  # Birds of Paradise
                (_p("ATQ", "80a"), 1),  # Mishra's Factory
            ],
        ),
    ],
    "carol": [
        (
            "Pauper Cube",
            Visibility.TRADEABLE,
            "Duplicates from the cube.",
            [
                (_p("PLC", "112"), 2),  # Boom // Bust
                (_p("TSR", "355", LP), 3),  # Ancient Stirrings
                (_p("V17", "7", finish=FOIL), 1),  # Delver of Secrets, From the Vault foil
                (_p("CLB", "483", finish=ETCHED), 1),  # Dungeon Delver, etched
            ],
        ),
        (
            "Foils",
            Visibility.PRIVATE,
            "Shiny things.",
            [
                (_p("EXP", "15", finish=FOIL), 1),  # Breeding Pool, Expeditions
                (_p("REN", "158", language="fr"), 1),  # Sylvan Library, French
                (_p("SLD", "1151", finish=FOIL), 1),  # Thought-Knot Seer
            ],
        ),
        (None, None, None, [(_p("RTR", "238"), 4)]),  # Blood Crypt
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
                card_add(
                    owner_sub=account.sub,
                    binder_id=binder_id,
                    quantity=quantity,
                    **{k: v for k, v in printing.items() if v is not None},
                )
