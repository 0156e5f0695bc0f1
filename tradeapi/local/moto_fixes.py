"""Fixes to moto's speed for the local stack (behaviour unchanged).

1. A transaction backs up only the items it touches. moto 5 backs up a
   TransactWriteItems by deep-copying the whole table once per action, so each
   transaction costs (actions × items in the table): ~90 ms on a near-empty table,
   seconds on a test worker's table. Here the table copy is skipped and the touched
   items are copied instead (requests into the emulator are serialized, so nothing
   else changes them meanwhile); on failure exactly those items are put back.
   tests/trades/test_trade_atomicity.py checks the rollback.
2. Two lookups moto repeats on every request are memoized: the list of its service
   packages (a directory listing and a stat per package) and the method names of a
   response class (``inspect.getmembers``). About a third of a GetItem's time.
3. A Query on a GSI reads only the items with that index key. moto looks at every item of
   the table for each index Query, so its cost grows with the table: 20 ms at 1,000 items,
   250 ms at 20,000 (a test worker's table holds thousands, the catalog alone 800). Here
   each table keeps its items grouped by each index hash key, rebuilt on the first index
   Query after any write to that table (a write bumps the table's generation), and moto's
   own Query logic runs unchanged over that group. tests/tradeapi/test_emulator.py checks
   that index Queries see every write at once.

And one fix of behaviour, where moto answers differently from Cognito:

3. ConfirmForgotPassword for a username the pool does not have answers
   ``UserNotFoundException``, as Cognito does; moto says ``ResourceNotFoundException``
   (which means a missing pool or client, a fault we answer with 503).
"""

import copy
import functools
import inspect

_applied = False


class _CopyWithoutTables:
    """Stands in for the ``copy`` module inside moto's DynamoDB backend: tables are not copied."""

    @staticmethod
    def deepcopy(value, memo=None):
        from moto.dynamodb.models.table import Table

        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def apply() -> None:
    global _applied
    if _applied:
        return
    from moto.dynamodb import models

    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        backups, seen = [], set()
        for action in transact_items:
            op = next(iter(action.values()), {}) if isinstance(action, dict) else {}
            table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            if table is None:
                continue
            try:
                key = op.get("Key") or {a: op["Item"][a] for a in (table.hash_key_attr, table.range_key_attr) if a}
                hash_key, range_key = self.get_keys_value(table, key)
            except Exception:  # a malformed action: moto's own validation reports it
                continue
            ident = (table.name, hash_key, range_key)
            if ident not in seen:
                seen.add(ident)
                backups.append((table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))))
        try:
            original(self, transact_items)
        except Exception:
            for table, hash_key, range_key, item in reversed(backups):
                _restore(table, hash_key, range_key, item)
            raise

    models.copy = _CopyWithoutTables
    models.DynamoDBBackend.transact_write_items = transact_write_items
    _memoize_request_lookups()
    _index_queries()
    _cognito_unknown_user()
    _applied = True


def _cognito_unknown_user() -> None:
    from moto.cognitoidp.exceptions import UserNotFoundError
    from moto.cognitoidp.models import CognitoIdpBackend

    original = CognitoIdpBackend.confirm_forgot_password

    def confirm_forgot_password(self, client_id, username, password, confirmation_code):
        pools = [pool for pool in self.user_pools.values() if client_id in pool.clients]
        if pools and not any(pool._get_user(username) for pool in pools):
            raise UserNotFoundError("Username/client id combination not found.")
        return original(self, client_id, username, password, confirmation_code)

    CognitoIdpBackend.confirm_forgot_password = confirm_forgot_password


def _memoize_request_lookups() -> None:
    from moto import backends
    from moto.core import responses

    packages = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: packages
    responses.method_names_from_class = functools.lru_cache(maxsize=None)(responses.method_names_from_class)


def _index_queries() -> None:
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    def bumps(method):
        @functools.wraps(method)
        def write(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            finally:
                for table in getattr(self, "tables", {}).values() if isinstance(self, DynamoDBBackend) else (self,):
                    table._generation = getattr(table, "_generation", 0) + 1

        return write

    for name in ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items"):
        setattr(DynamoDBBackend, name, bumps(getattr(DynamoDBBackend, name)))
    for name in ("put_item", "delete_item"):
        setattr(Table, name, bumps(getattr(Table, name)))

    original_query, original_all_items = Table.query, Table.all_items

    def groups(table, attr: str) -> dict:
        cache = getattr(table, "_index_groups", None)
        generation = getattr(table, "_generation", 0)
        if cache is None or cache[0] != generation:
            cache = (generation, {})
            table._index_groups = cache
        grouped = cache[1].get(attr)
        if grouped is None:
            grouped = {}
            for item in original_all_items(table):
                value = item.attrs.get(attr)
                if value is not None:
                    grouped.setdefault(value, []).append(item)
            cache[1][attr] = grouped
        return grouped

    def all_items(self):
        candidates = getattr(self, "_candidates", None)
        return list(candidates) if candidates is not None else original_all_items(self)

    signature = inspect.signature(original_query)

    def query(self, *args, **kwargs):
        given = signature.bind(self, *args, **kwargs).arguments
        index_name = given.get("index_name")
        index = next((i for i in self.all_indexes() if i.name == index_name), None) if index_name else None
        hash_attrs = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"] if index else []
        if len(hash_attrs) == 1:
            wanted = dict(given.get("hash_key_conditions") or ()).get(hash_attrs[0], given.get("hash_key"))
            if wanted is not None:
                self._candidates = groups(self, hash_attrs[0]).get(wanted, [])
        try:
            return original_query(self, *args, **kwargs)
        finally:
            self._candidates = None

    Table.all_items = all_items
    Table.query = query


def _restore(table, hash_key, range_key, item) -> None:
    table._generation = getattr(table, "_generation", 0) + 1
    if range_key is not None:
        if item is None:
            table.items[hash_key].pop(range_key, None)
        else:
            table.items[hash_key][range_key] = item
    elif item is None:
        table.items.pop(hash_key, None)
    else:
        table.items[hash_key] = item
