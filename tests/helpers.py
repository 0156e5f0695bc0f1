"""Helpers every test folder shares: test users and logins, and recording the AWS calls a block makes."""

import threading
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from rest_framework.test import APIClient

from tradeapi import aws

TEST_PASSWORD = "Test-Passw0rd-1"


def unique_username(prefix: str = "trader") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def cognito_login(username: str, password: str = TEST_PASSWORD) -> dict:
    result = aws.cognito().initiate_auth(
        ClientId=settings.COGNITO_APP_CLIENT_ID,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )
    return result["AuthenticationResult"]


def login_through_page(client, username: str, password: str = TEST_PASSWORD, next_url: str | None = None):
    """Log a django.test.Client in through the real /accounts/login/ page (CSRF token and all).

    Returns the login POST's response (a 302 to ``next`` on success, the page with an error otherwise).
    """
    page = client.get("/accounts/login/")
    assert page.status_code == 200, page.status_code
    form = {"username": username, "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    if next_url is not None:
        form["next"] = next_url
    return client.post("/accounts/login/", form)


@dataclass
class Trader:
    """A signed-up trader for tests: Cognito user, profile, default binder, Bearer client."""

    username: str
    sub: str
    email: str
    password: str
    client: APIClient
    is_staff: bool = False


@contextmanager
def recorded_aws_calls():
    """Collect (service, operation) of every AWS call made inside the block."""
    calls = Counter()

    def listen(service, operation):
        calls[(service, operation)] += 1

    aws.add_call_listener(listen)
    try:
        yield calls
    finally:
        aws.remove_call_listener(listen)


@contextmanager
def captured_logs(*debug_loggers: str):
    """Every log line written inside the block, as production writes it (JSON, with the request ids):
    ``lines`` (the formatted strings) and ``records``. ``debug_loggers`` are turned down to DEBUG meanwhile."""
    import logging

    from tradeapi.observability.logs import JsonFormatter, RequestContextFilter

    class Capture(logging.Handler):
        def __init__(self):
            super().__init__(logging.DEBUG)
            self.lines, self.records = [], []
            self.addFilter(RequestContextFilter())
            self.setFormatter(JsonFormatter())

        def emit(self, record):
            self.records.append(record)
            self.lines.append(self.format(record))

    handler = Capture()
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in debug_loggers}
    for name in debug_loggers:
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def cursor_of(url: str | None) -> str | None:
    """The opaque cursor inside a ``next``/``previous`` URL."""
    if not url:
        return None
    return parse_qs(urlsplit(url).query).get("cursor", [""])[0]


def race(calls) -> list:
    """Run every ``call()`` in its own thread, released together; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def own_client(trader) -> APIClient:
    """A fresh client with the trader's token (APIClient is not thread-safe)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=trader.client._credentials["HTTP_AUTHORIZATION"])
    return client
