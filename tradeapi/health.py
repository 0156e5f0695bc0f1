"""GET /health: no authentication; names each check it ran, 200 or 503."""

import logging
import time

from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from tradeapi.db import keys, table

logger = logging.getLogger("tradeapi.health")


def check_main_table() -> None:
    table.get_item(keys.health_probe_key(), consistent=False)


def check_cache() -> None:
    cache.get("health-probe")


def check_cognito_jwks() -> None:
    from accounts.jwks import jwks_provider

    if not jwks_provider().keys():
        raise RuntimeError("the JWKS holds no keys")


CHECKS = {
    "main_table": check_main_table,
    "cache": check_cache,
    "cognito_jwks": check_cognito_jwks,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # a health check reports every failure, whatever it is
            logger.warning("health check %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = {"ok": False, "error": type(exc).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return results


@require_GET
def health(request):
    checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "failing", "checks": checks}
    if failing:
        body["failing"] = failing
    response = JsonResponse(body, status=503 if failing else 200)
    if failing:
        response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response
