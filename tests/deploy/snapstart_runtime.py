"""Inside the Lambda process (lambda_runner.py): what Lambda's runtime does with SnapStart's hooks.

- ``before_snapshot()``: the hooks registered with ``snapshot_restore_py`` during init, in reverse
  order of registration (as Lambda runs them), then the process carries on as the snapshot would.
- ``restore_twice(...)``: two restores from one state. Each is a ``fork()`` of this process: both
  children start from the same memory, as two environments restored from one snapshot do; each runs
  the after-restore hooks (in order of registration), answers one event through the handler, and
  reports the random ids the app would hand out next. The parent is left as it was. (``fork()``
  re-seeds ``random`` in the child by itself, which a restore does not: the child puts the
  parent's state back first, so that only the hook can make the two differ.)
"""

import json
import os
import random
import secrets
import time
import uuid


def before_snapshot() -> dict:
    import snapshot_restore_py

    began = time.perf_counter()
    results = []
    for func, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):
        results.append({"hook": f"{func.__module__}.{func.__qualname__}", "result": func(*args, **kwargs)})
    return {"hooks": results, "ms": (time.perf_counter() - began) * 1000}


def _after_restore() -> list[str]:
    import snapshot_restore_py

    names = []
    for func, args, kwargs in snapshot_restore_py.get_after_restore():
        func(*args, **kwargs)
        names.append(f"{func.__module__}.{func.__qualname__}")
    return names


def _ids() -> dict:
    """The next random ids each kind of record would get, through the app's own functions."""
    from django.contrib.sessions.backends.cache import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from binders.services.binders import new_binder_id
    from trades.services.trades import new_trade_id

    return {
        "trade_id": new_trade_id(),
        "binder_id": new_binder_id(),
        "session_key": SessionStore()._get_new_session_key(),  # checks the cache table: a DynamoDB call
        "csrf_secret": _get_new_csrf_string(),
        "idempotency_lock_token": secrets.token_hex(16),
        "uuid4": uuid.uuid4().hex,
        "random": random.getrandbits(64),
    }


def _child(handler, event: dict, context, write_fd: int, snapshot_random: tuple) -> None:
    # fork() re-seeds `random` in the child (os.register_at_fork); a snapshot restore does not: undo it.
    random.setstate(snapshot_random)
    copy = random.Random()
    copy.setstate(snapshot_random)
    report = {"random_before_restore": copy.getrandbits(64)}  # read from a copy: the global is untouched
    try:
        report["hooks"] = _after_restore()
        began = time.perf_counter()
        report["response"] = handler.lambda_handler(event, context)
        report["ms"] = (time.perf_counter() - began) * 1000
        report["ids"] = _ids()
    except Exception as exc:  # reported to the parent, which fails the test with it
        report["error"] = f"{type(exc).__name__}: {exc}"
    with os.fdopen(write_fd, "w") as out:
        out.write(json.dumps(report))


def restore_twice(handler, event: dict, context) -> list[dict]:
    reports = []
    snapshot_random = random.getstate()
    for _ in range(2):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the runner's loop
            try:
                os.close(read_fd)
                _child(handler, event, context, write_fd, snapshot_random)
            finally:
                os._exit(0)
        os.close(write_fd)
        with os.fdopen(read_fd) as answer:
            reports.append(json.loads(answer.read() or '{"error": "the restored process died"}'))
        os.waitpid(pid, 0)
    return reports
