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
