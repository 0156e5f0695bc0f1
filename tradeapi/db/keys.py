"""Every key string of the single table is built here, and nowhere else.

Items are grouped into partitions by owner or by aggregate:

| Item            | PK                  | SK                      |
|-----------------|---------------------|-------------------------|
| profile         | USER#<sub>          | PROFILE                 |
| username claim  | USERNAME#<lower>    | USERNAME                |
| binder          | USER#<sub>          | BINDER#<binder_id>      |
| binder name     | USER#<sub>          | BINDERNAME#<casefolded> |
| card entry      | USER#<sub>          | CARD#<binder_id>#<card_id> |
| trade           | TRADE#<trade_id>    | TRADE                   |
| trade event     | TRADE#<trade_id>    | EVENT#<at>#<version>    |
| trade view      | USER#<sub>          | TRADE#<created_at>#<trade_id> |
| rate counter    | RATE#<limit>#<scope>#<ident> | WINDOW#<window start> |
| idempotency key | IDEMPOTENCY#<sha256 of caller, method, route, key> | IDEMPOTENCY |
| printing        | PRINTING#<scryfall_id> | PRINTING             |
| printing in set | SET#<set>           | CARD#<sortable number>#<lang> |
| set             | SETS                | <set>                   |
| import record   | IMPORT#<import_id>  | IMPORT                  |
| failed rows     | IMPORT#<import_id>  | IMPORT#FAILED#<chunk>   |
| planned batch   | IMPORT#<import_id>  | PLAN#<batch>            |
| catalog meta    | CATALOG             | META                    |

See docs/data-model.md for the whole layout.
"""

import hashlib
import re

USER = "USER#"
USERNAME = "USERNAME#"
PROFILE = "PROFILE"
BINDER = "BINDER#"
BINDER_NAME = "BINDERNAME#"
CARD = "CARD#"
DEFAULT_BINDER_ID = "default"

# The id formats, as regular expressions (whole-string): what a path or body may name.
BINDER_ID_PATTERN = r"^(default|[a-z2-7]{12})$"
CARD_ID_PATTERN = r"^(default|[a-z2-7]{12})-[0-9a-f]{16}$"
TRADE_ID_PATTERN = r"^[0-9a-f]{20}$"
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$"


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


def card_id_in_binder(card_id_: str, binder_id: str) -> str:
    """The id the same printing (and finish, condition, language) has in another binder."""
    return f"{binder_id}-{card_id_.rsplit('-', 1)[1]}"


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


# --- trades -------------------------------------------------------------------
# A trade is its own partition: the trade item, then its events in time order.
# Each party has a view item in their own partition for "my trades".
# The status queue (GSI1) is sharded: TRADESTATUS#<status>#<shard>, shard from the trade id.
TRADE = "TRADE#"
TRADE_SK = "TRADE"
TRADE_EVENT = "EVENT#"
TRADE_STATUS = "TRADESTATUS#"
MY_TRADES = "MYTRADES#"
TRADE_STATUS_SHARDS = 8


def trade_pk(trade_id: str) -> str:
    return f"{TRADE}{trade_id}"


def trade_key(trade_id: str) -> dict[str, str]:
    return key(trade_pk(trade_id), TRADE_SK)


def trade_event_key(trade_id: str, at: str, seq: int) -> dict[str, str]:
    return key(trade_pk(trade_id), f"{TRADE_EVENT}{at}#{seq:06d}")


def trade_events_prefix() -> str:
    return TRADE_EVENT


def trade_status_shard(trade_id: str) -> int:
    return int(hashlib.sha256(trade_id.encode()).hexdigest()[:8], 16) % TRADE_STATUS_SHARDS


def trade_status_pk(status: str, shard: int) -> str:
    return f"{TRADE_STATUS}{status}#{shard}"


def trade_status_keys(status: str, trade_id: str, created_at: str) -> dict[str, str]:
    """GSI1 attributes of a trade item: its status queue shard, newest first by creation."""
    return {"GSI1PK": trade_status_pk(status, trade_status_shard(trade_id)), "GSI1SK": f"{created_at}#{trade_id}"}


def trade_view_key(sub: str, created_at: str, trade_id: str) -> dict[str, str]:
    """A party's view of a trade, in the party's partition, newest first under TRADE#."""
    return key(user_pk(sub), f"{TRADE}{created_at}#{trade_id}")


def trade_views_prefix() -> str:
    return TRADE


def my_trades_by_role_pk(sub: str, role: str) -> str:
    return f"{MY_TRADES}{sub}#ROLE#{role}"


def my_trades_by_status_pk(sub: str, status: str) -> str:
    return f"{MY_TRADES}{sub}#STATUS#{status}"


def trade_view_index_keys(sub: str, role: str, status: str, created_at: str, trade_id: str) -> dict[str, str]:
    """GSI1 (my trades by role) and GSI2 (my trades by status) attributes of a view item."""
    sort = f"{created_at}#{trade_id}"
    return {
        "GSI1PK": my_trades_by_role_pk(sub, role),
        "GSI1SK": sort,
        "GSI2PK": my_trades_by_status_pk(sub, status),
        "GSI2SK": sort,
    }


# --- moderation ----------------------------------------------------------------
# Audit entries: one partition AUDIT (moderator actions are human-paced: tens a day,
# far below one partition's write limit), newest first by SK; GSI1 by moderator,
# GSI2 by target. Reports, notes and the "reported" marker live in the trade's
# partition, so a trade's detail page is one Query. The marker carries GSI1
# REPORTED / <last report time> for the reported queue. Profiles carry GSI1
# USERS#<first character> / <lowercase username> for the username prefix search.
AUDIT = "AUDIT"
AUDIT_BY = "AUDITBY#"
AUDIT_ON = "AUDITON#"
REPORT = "REPORT#"
REPORTED_SK = "REPORTED"
REPORTED_QUEUE = "REPORTED"
REPORTS_BY = "REPORTSBY#"
NOTE = "NOTE#"
USERS = "USERS#"


def audit_key(at: str, audit_id: str) -> dict[str, str]:
    return key(AUDIT, f"{at}#{audit_id}")


def audit_index_keys(moderator_username: str, target: str, at: str, audit_id: str) -> dict[str, str]:
    """GSI1: a moderator's actions (by lowercase username: staff need no profile);
    GSI2: the actions on one target (``trade:<id>`` or ``user:<sub>``)."""
    sort = f"{at}#{audit_id}"
    return {"GSI1PK": audit_by_pk(moderator_username), "GSI1SK": sort, "GSI2PK": audit_on_pk(target), "GSI2SK": sort}


def audit_by_pk(moderator_username: str) -> str:
    return f"{AUDIT_BY}{moderator_username.lower()}"


def audit_on_pk(target: str) -> str:
    return f"{AUDIT_ON}{target}"


def trade_report_key(trade_id: str, reporter_sub: str) -> dict[str, str]:
    """One report per trader per trade: the key itself enforces it."""
    return key(trade_pk(trade_id), f"{REPORT}{reporter_sub}")


def reports_by_keys(reporter_sub: str, at: str, trade_id: str) -> dict[str, str]:
    """GSI2 attributes of a report: the reports a trader has filed, newest first."""
    return {"GSI2PK": reports_by_pk(reporter_sub), "GSI2SK": f"{at}#{trade_id}"}


def reports_by_pk(reporter_sub: str) -> str:
    return f"{REPORTS_BY}{reporter_sub}"


def trade_reported_key(trade_id: str) -> dict[str, str]:
    return key(trade_pk(trade_id), REPORTED_SK)


def reported_queue_keys(last_reported_at: str, trade_id: str) -> dict[str, str]:
    return {"GSI1PK": REPORTED_QUEUE, "GSI1SK": f"{last_reported_at}#{trade_id}"}


def trade_note_key(trade_id: str, at: str, note_id: str) -> dict[str, str]:
    return key(trade_pk(trade_id), f"{NOTE}{at}#{note_id}")


def user_search_pk(username: str) -> str:
    return f"{USERS}{username.lower()[:1]}"


TRADERS = "TRADERS"


def trader_directory_keys(username: str) -> dict[str, str]:
    """GSI2 attributes of a profile: every trader, by lowercase username (the /api/traders/ directory).

    One partition: profiles are written rarely, and a directory page is one Query.
    """
    return {"GSI2PK": TRADERS, "GSI2SK": username.lower()}


def user_search_keys(username: str) -> dict[str, str]:
    """GSI1 attributes of a profile: usernames sharded by first character, sorted."""
    return {"GSI1PK": user_search_pk(username), "GSI1SK": username.lower()}


# --- write guards (tradeapi.guards) -----------------------------------------------
# A rate counter is one item per fixed window, expired by the table's TTL. An
# Idempotency-Key record is one item per (caller, method, route, key), hashed so a
# client's key can never shape another key or form a hot partition.
RATE = "RATE#"
RATE_WINDOW = "WINDOW#"
IDEMPOTENCY = "IDEMPOTENCY#"
IDEMPOTENCY_SK = "IDEMPOTENCY"


def rate_counter_key(limit: str, scope: str, ident: str, window_start: int) -> dict[str, str]:
    """The counter of ``ident`` (``ip:<address>`` or ``sub:<sub>``) for one window of one limit."""
    return key(f"{RATE}{limit}#{scope}#{ident}", f"{RATE_WINDOW}{window_start}")


def idempotency_record_key(caller: str, method: str, route: str, idempotency_key: str) -> dict[str, str]:
    digest = hashlib.sha256("\n".join([caller, method, route, idempotency_key]).encode()).hexdigest()
    return key(f"{IDEMPOTENCY}{digest}", IDEMPOTENCY_SK)


# --- catalog ------------------------------------------------------------------------
# Each printing is kept twice, whole: under its Scryfall id (GetItem by id; GSI1 the oracle
# card's printings, GSI2 name search), and in its set's partition (GetItem by set + collector
# number + language; a set's printings in collector-number order). Name search is sharded by
# the normalized name's first character, so no partition takes every search.
PRINTING = "PRINTING#"
PRINTING_SK = "PRINTING"
SET_PRINTINGS = "SET#"
SET_PRINTING = "CARD#"
SETS = "SETS"
ORACLE = "ORACLE#"
CATALOG_NAME = "CATNAME#"
SCRYFALL_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def printing_key(scryfall_id: str) -> dict[str, str]:
    return key(f"{PRINTING}{scryfall_id.lower()}", PRINTING_SK)


def _sortable_number(collector_number: str) -> str:
    """A collector number that sorts in print order: leading digits zero-padded ("7★" → "000007★")."""
    number = collector_number.lower()
    digits = re.match(r"\d*", number)[0]
    return f"{digits:0>6}{number[len(digits) :]}" if digits else f"~{number}"


def set_printings_pk(set_code: str) -> str:
    return f"{SET_PRINTINGS}{set_code.lower()}"


def printing_in_set_key(set_code: str, collector_number: str, lang: str) -> dict[str, str]:
    return key(set_printings_pk(set_code), f"{SET_PRINTING}{_sortable_number(collector_number)}#{lang.lower()}")


def set_printings_prefix() -> str:
    return SET_PRINTING


def set_key(set_code: str) -> dict[str, str]:
    return key(SETS, set_code.lower())


def oracle_pk(oracle_id: str) -> str:
    return f"{ORACLE}{oracle_id.lower()}"


def catalog_name_pk(normalized_prefix: str) -> str:
    """The name-search shard a normalized name (or prefix, at least one character) lives in."""
    return f"{CATALOG_NAME}{normalized_prefix[:1]}"


def printing_index_keys(
    oracle_id: str,
    normalized_name: str,
    released_at: str,
    set_code: str,
    collector_number: str,
    lang: str,
    scryfall_id: str,
) -> dict[str, str]:
    """GSI1: every printing of an oracle card, oldest first; GSI2: name search by normalized prefix."""
    place = f"{released_at}#{set_code.lower()}#{_sortable_number(collector_number)}#{lang.lower()}"
    return {
        "GSI1PK": oracle_pk(oracle_id),
        "GSI1SK": place,
        "GSI2PK": catalog_name_pk(normalized_name or "_"),
        "GSI2SK": f"{normalized_name}#{place}#{scryfall_id.lower()}",
    }


# --- CSV imports (binders.csvio) ---------------------------------------------------------
# An import is its own partition: the record (owner, counts, progress), its failed rows in chunks
# (read with the record: one Query of SK begins_with IMPORT), and its planned batches of card writes
# (read only to resume). The id is random, or derived from the caller, the binder and the request's
# Idempotency-Key, so a retry under the same key finds the import it started.
IMPORT = "IMPORT#"
IMPORT_RECORD_SK = "IMPORT"
IMPORT_FAILED = "IMPORT#FAILED#"
IMPORT_BATCH = "PLAN#"
IMPORT_ID_PATTERN = r"^[0-9a-f]{20}$"


def import_id_for_key(sub: str, binder_id: str, idempotency_key: str) -> str:
    """The import a request with this Idempotency-Key starts (and its retries resume)."""
    return hashlib.sha256("\n".join(["import", sub, binder_id, idempotency_key]).encode()).hexdigest()[:20]


def import_pk(import_id: str) -> str:
    return f"{IMPORT}{import_id}"


def import_record_key(import_id: str) -> dict[str, str]:
    return key(import_pk(import_id), IMPORT_RECORD_SK)


def import_record_prefix() -> str:
    """SK prefix of the record and its failed rows (not its planned batches)."""
    return IMPORT_RECORD_SK


def import_failed_key(import_id: str, chunk: int) -> dict[str, str]:
    return key(import_pk(import_id), f"{IMPORT_FAILED}{chunk:05d}")


def import_batch_key(import_id: str, batch: int) -> dict[str, str]:
    return key(import_pk(import_id), f"{IMPORT_BATCH}{batch:05d}")


def import_batches_from(batch: int) -> tuple[str, str]:
    """SK range (BETWEEN) of the planned batches from ``batch`` on."""
    return f"{IMPORT_BATCH}{batch:05d}", f"{IMPORT_BATCH}99999"


# --- values (docs/values.md) ---------------------------------------------------------------
# The catalog's prices stamp: the latest prices date imported and a counter every import that
# changed a price bumps, so a cached collection value names the prices it was computed from.
CATALOG_META_PK = "CATALOG"
CATALOG_META_SK = "META"


def catalog_meta_key() -> dict[str, str]:
    return key(CATALOG_META_PK, CATALOG_META_SK)
