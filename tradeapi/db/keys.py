"""Every key string of the single table is built here, and nowhere else.

Items are grouped into partitions by owner or by aggregate:

| Item            | PK                  | SK                      |
|-----------------|---------------------|-------------------------|
| profile         | USER#<sub>          | PROFILE                 |
| username claim  | USERNAME#<lower>    | USERNAME                |
| binder          | USER#<sub>          | BINDER#<binder_id>      |
| binder name     | USER#<sub>          | BINDERNAME#<casefolded> |
| card entry      | USER#<sub>          | CARD#<binder_id>#<card_id> |

See docs/data-model.md for the whole layout.
"""

import hashlib

USER = "USER#"
USERNAME = "USERNAME#"
PROFILE = "PROFILE"
BINDER = "BINDER#"
BINDER_NAME = "BINDERNAME#"
CARD = "CARD#"
DEFAULT_BINDER_ID = "default"


def key(pk: str, sk: str) -> dict[str, str]:
    return {"PK": pk, "SK": sk}


def user_pk(sub: str) -> str:
    return f"{USER}{sub}"


def profile_key(sub: str) -> dict[str, str]:
    return key(user_pk(sub), PROFILE)


def username_claim_key(username: str) -> dict[str, str]:
    return key(f"{USERNAME}{username.lower()}", "USERNAME")


def health_probe_key() -> dict[str, str]:
    """A key that never holds an item: /health reads it to prove the table answers."""
    return key("HEALTH", "PROBE")


def binder_key(sub: str, binder_id: str) -> dict[str, str]:
    return key(user_pk(sub), f"{BINDER}{binder_id}")


def binder_name_claim_key(sub: str, name: str) -> dict[str, str]:
    return key(user_pk(sub), f"{BINDER_NAME}{name.casefold()}")


CARD_SEARCH = "CARDS#"


def card_id(binder_id: str, set_code: str, collector_number: str, finish: str, condition: str, language: str) -> str:
    """The id of a card entry: its binder plus a hash of its printing and physical state.

    The same printing in the same binder always has the same id, so adding it again
    merges, and the key of an entry can be built from its id alone.
    """
    identity = "|".join([set_code.lower(), collector_number.lower(), finish, condition, language.lower()])
    return f"{binder_id}-{hashlib.sha256(identity.encode()).hexdigest()[:16]}"


def binder_id_of_card(card_id_: str) -> str:
    return card_id_.rsplit("-", 1)[0]


def card_key(sub: str, card_id_: str) -> dict[str, str]:
    return key(user_pk(sub), f"{CARD}{binder_id_of_card(card_id_)}#{card_id_}")


def binder_cards_prefix(binder_id: str) -> str:
    """SK prefix of every card entry in one binder (Query begins_with)."""
    return f"{CARD}{binder_id}#"


def card_search_keys(sub: str, name_norm: str, card_id_: str) -> dict[str, str]:
    """GSI2 attributes of a card entry: a trader's cards ordered by normalized name."""
    return {"GSI2PK": f"{CARD_SEARCH}{sub}", "GSI2SK": f"{name_norm}#{card_id_}"}


def card_search_pk(sub: str) -> str:
    return f"{CARD_SEARCH}{sub}"
