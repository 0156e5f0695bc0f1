"""tradeapi/snapstart.py in this process: what the hooks warm, replace and re-seed.

The hooks run as Lambda runs them, in the real package, in tests/deploy/test_snapstart.py.
"""

import logging
import random

import snapshot_restore_py
from django.conf import settings
from django.urls import get_resolver

from accounts.jwks import jwks_provider
from tradeapi import aws, snapstart


def test_django_setup_registers_both_hooks_with_the_runtime_library():
    assert snapstart.before_snapshot in [func for func, _, _ in snapshot_restore_py.get_before_snapshot()]
    assert snapstart.after_restore in [func for func, _, _ in snapshot_restore_py.get_after_restore()]


def test_before_snapshot_warms_routes_templates_clients_and_the_jwks():
    aws.refresh()
    timings = snapstart.before_snapshot()
    assert [name.rsplit(".", 1)[-1] for name in timings] == [
        "_urls",
        "_drf",
        "_templates",
        "_aws_clients",
        "_load_jwks",  # accounts registers it in its AppConfig.ready()
    ]
    assert get_resolver()._populated
    assert {"dynamodb", "cognito-idp"} <= set(aws._clients)
    assert jwks_provider()._keys


def test_a_failing_warm_up_is_logged_and_skipped(monkeypatch, caplog):
    def broken():
        raise RuntimeError("no network at init")

    monkeypatch.setattr(snapstart, "_warm_ups", [broken])
    with caplog.at_level(logging.ERROR, logger="tradeapi.snapstart"):
        timings = snapstart.before_snapshot()
    assert not [name for name in timings if name.endswith("broken")]
    assert "_aws_clients" in " ".join(timings)
    assert "broken failed" in caplog.text


def test_after_restore_reseeds_random_and_replaces_clients_keeping_the_loaded_models():
    old_client = aws.dynamodb()
    loader = aws._session._session.get_component("data_loader")
    state = random.getstate()
    snapstart.after_restore()
    assert random.getstate() != state
    assert aws.dynamodb() is not old_client and aws._clients["cognito-idp"]
    assert aws._session._session.get_component("data_loader") is loader
    # The new client works, against the same endpoint and with the current credentials.
    assert aws.dynamodb().describe_table(TableName=settings.TABLE_NAME)["Table"]["TableName"]


def test_restore_hooks_run_after_the_clients_are_fresh(monkeypatch):
    seen = []
    monkeypatch.setattr(snapstart, "_restorers", [lambda: seen.append(aws._clients.get("dynamodb"))])
    snapstart.after_restore()
    assert seen == [aws.dynamodb()]
