"""Lambda SnapStart: what runs before Lambda snapshots an initialized environment, and after it restores one.

Lambda (python3.12+, published versions) runs the function's init once per version, calls the
``snapshot_restore_py`` before-snapshot hooks, snapshots memory, and starts later environments
from that snapshot after calling the after-restore hooks. So:

- ``before_snapshot()`` does everything a first request would otherwise pay for: the URL
  resolver, DRF's configured classes, every template, the DynamoDB and Cognito clients, and what
  the apps register with ``on_warm_up`` in their ``AppConfig.ready()`` (accounts: the bundled JWKS).
- ``after_restore()`` undoes what must not be shared by every environment restored from one
  snapshot: it re-seeds ``random`` (``secrets``, ``uuid4`` and Django's ``get_random_string`` read
  the kernel's generator, which Lambda makes unique per restore) and replaces the AWS clients, whose
  credentials and connections were captured in the snapshot; then runs the apps' ``on_restore``.

Nothing unique or secret may be computed at init (module import, ``ready()``, a warm-up): every
restored environment would share it. Registration happens in ``TradeapiConfig.ready()``, during
init because the function sets ``INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT`` (Zappa's handler then sets
Django up when Lambda imports it). Outside Lambda nothing ever calls the hooks.
"""

import logging
import random
import time
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger("tradeapi.snapstart")

_warm_ups: list[Callable[[], object]] = []
_restorers: list[Callable[[], object]] = []


def on_warm_up(hook: Callable[[], object]) -> Callable[[], object]:
    """Run ``hook()`` before the snapshot (apps register theirs in ``AppConfig.ready()``)."""
    _warm_ups.append(hook)
    return hook


def on_restore(hook: Callable[[], object]) -> Callable[[], object]:
    """Run ``hook()`` after a restore, after the random seed and the AWS clients are fresh."""
    _restorers.append(hook)
    return hook


def register() -> bool:
    """Hand the two hooks to Lambda's runtime; False when ``snapshot_restore_py`` is not installed."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:  # pragma: no cover - it is a runtime dependency
        return False
    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)
    return True


def _urls() -> None:
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - populating it imports every view and compiles every route


def _drf() -> None:
    from rest_framework.settings import api_settings

    for name in (
        "DEFAULT_RENDERER_CLASSES",
        "DEFAULT_PARSER_CLASSES",
        "DEFAULT_AUTHENTICATION_CLASSES",
        "DEFAULT_PERMISSION_CLASSES",
        "DEFAULT_THROTTLE_CLASSES",
        "DEFAULT_CONTENT_NEGOTIATION_CLASS",
        "EXCEPTION_HANDLER",
    ):
        getattr(api_settings, name)


def _templates() -> int:
    """Compile every template the engines can find (the cached loader keeps them)."""
    from django.template import engines

    count = 0
    for engine in engines.all():
        for directory in engine.template_dirs:
            root = Path(directory)
            for path in sorted(root.rglob("*.html")):
                engine.get_template(str(path.relative_to(root)))
                count += 1
    return count


def _aws_clients() -> None:
    from tradeapi import aws

    aws.dynamodb()
    aws.cognito()


def before_snapshot() -> dict[str, float]:
    """Every warm-up, in order; ms per warm-up (a failing one is logged and skipped, never fatal)."""
    timings: dict[str, float] = {}
    for hook in [_urls, _drf, _templates, _aws_clients, *_warm_ups]:
        began = time.perf_counter()
        try:
            hook()
        except Exception:
            logger.exception("SnapStart warm-up %s failed; a first request will do it instead", _name(hook))
            continue
        timings[_name(hook)] = round((time.perf_counter() - began) * 1000, 1)
    return timings


def after_restore() -> None:
    from tradeapi import aws

    random.seed()  # from os.urandom: every restored environment gets its own sequence
    aws.refresh()
    aws.dynamodb()  # rebuilt from the kept service models with this environment's credentials
    aws.cognito()
    for hook in _restorers:
        hook()


def _name(hook: Callable) -> str:
    return f"{hook.__module__}.{getattr(hook, '__qualname__', hook.__class__.__name__)}"
