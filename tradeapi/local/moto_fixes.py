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

And one fix of behaviour, where moto answers differently from Cognito:

3. ConfirmForgotPassword for a username the pool does not have answers
   ``UserNotFoundException``, as Cognito does; moto says ``ResourceNotFoundException``
   (which means a missing pool or client, a fault we answer with 503).
"""

import copy
import functools

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


def _restore(table, hash_key, range_key, item) -> None:
    if range_key is not None:
        if item is None:
            table.items[hash_key].pop(range_key, None)
        else:
            table.items[hash_key][range_key] = item
    elif item is None:
        table.items.pop(hash_key, None)
    else:
        table.items[hash_key] = item
