"""SnapStart's hooks in the real package (tradeapi/snapstart.py), run as Lambda's runtime runs them.

A fresh Lambda process (lambda_runner.py, configured as the function is: Zappa's handler sets
Django up at import) runs the before-snapshot hooks and then serves a first request. Then two
restores from that one state (two forks, each running the after-restore hooks and answering a
request) must hand out different random ids: trade and binder ids, session keys, CSRF secrets,
lock tokens, uuid4s and the ``random`` module's numbers. Pagination cursors carry no nonce (a
signed position), so there is none to compare.
"""

import pytest

from tests.deploy import lambda_process
from tests.deploy.apigateway import response_json, rest_event
from tests.deploy.test_package import lambda_env, package  # noqa: F401 (fixtures)

IDS = ("trade_id", "binder_id", "session_key", "csrf_secret", "idempotency_lock_token", "uuid4", "random")


@pytest.fixture(scope="module")
def snapshotted(package, lambda_env, tmp_path_factory):  # noqa: F811 (fixtures)
    """A Lambda process after init and the before-snapshot hooks: the state a snapshot holds."""
    root = tmp_path_factory.mktemp("snapstart")
    code = lambda_process.unzip(package, root / "task")
    runtime = lambda_process.runtime_dir(root / "runtime")
    process = lambda_process.LambdaProcess(code, runtime, lambda_env)
    answer = process.invoke({"snapstart": "before_snapshot"})["snapstart"]
    yield process, answer
    stderr = process.close()
    assert "Traceback" not in stderr, stderr[-4000:]


def test_init_registers_the_hooks_and_before_snapshot_warms_everything(snapshotted):
    process, answer = snapshotted
    hooks = answer["hooks"]
    assert [hook["hook"] for hook in hooks] == ["tradeapi.snapstart.before_snapshot"], process.logs()[-2000:]
    warmed = hooks[0]["result"]
    for step in ("_urls", "_drf", "_templates", "_aws_clients", "accounts.apps._load_jwks"):
        assert any(name.endswith(step) for name in warmed), (step, warmed, process.logs()[-2000:])
    print(f"before-snapshot hooks: {answer['ms']:.0f} ms {warmed}")


def test_first_request_after_the_snapshot_hook(snapshotted):
    process, _ = snapshotted
    answer = process.invoke(rest_event("GET", "/health"))
    print(f"first request after before-snapshot: /health {answer['ms']:.0f} ms (handler)")
    assert answer["response"]["statusCode"] == 200, process.logs()[-3000:]
    assert response_json(answer["response"])["status"] == "ok"


def test_two_restores_from_one_state_hand_out_different_ids(snapshotted):
    process, _ = snapshotted
    first, second = process.invoke({"snapstart": "restore_twice", "event": rest_event("GET", "/health")})["snapstart"]
    for restored in (first, second):
        assert "error" not in restored, (restored, process.logs()[-3000:])
        assert restored["hooks"] == ["tradeapi.snapstart.after_restore"]
        # The refreshed AWS clients work: /health reads the table, the cache and the JWKS.
        assert restored["response"]["statusCode"] == 200, process.logs()[-3000:]
    # Both started from one state: without the after-restore hook, `random` would repeat itself.
    assert first["random_before_restore"] == second["random_before_restore"]
    for name in IDS:
        assert first["ids"][name] != second["ids"][name], name
