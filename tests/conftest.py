"""Shared fixtures: one embedded, bootstrapped AWS emulator per test process (helpers: tests/helpers.py)."""

import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.test import Client
from rest_framework.test import APIClient

from accounts import suspension
from accounts.services import profile_create
from catalog.demo import load_sample
from tests.helpers import TEST_PASSWORD, Trader, cognito_login, login_through_page, recorded_aws_calls, unique_username
from tradeapi import aws
from tradeapi.local import demo, stack


@pytest.fixture(scope="session", autouse=True)
def local_stack():
    # moto answers a large page in seconds when both cores are busy (its cost, not DynamoDB's):
    # give the emulator more than production's 5 s read timeout so a loaded CI machine is not flaky.
    settings.AWS_READ_TIMEOUT = max(settings.AWS_READ_TIMEOUT, 30)
    emulator, local = stack.start()
    load_sample()  # the sample catalog: card entries name its printings
    yield local
    emulator.stop()


@pytest.fixture(scope="session", autouse=True)
def write_limits_off():
    """Rate limits are off for the suite (many writes and logins from one address and trader, and
    pinned call counts that measure the app alone); tests/security turns them on where it tests them."""
    configured = settings.RATE_LIMITS
    settings.RATE_LIMITS = {name: "" for name in configured}
    yield
    settings.RATE_LIMITS = configured


@pytest.fixture
def make_cognito_user():
    """A confirmed Cognito user with a unique name (no profile)."""

    def make(prefix: str = "trader", *, staff: bool = False) -> demo.DemoAccount:
        username = unique_username(prefix)
        return demo.create_user(username, f"{username}@example.com", TEST_PASSWORD, staff=staff)

    return make


@pytest.fixture
def bearer_client():
    """bearer_client(username) → an APIClient that sends that user's access token."""

    def make(username: str, password: str = TEST_PASSWORD) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {cognito_login(username, password)['AccessToken']}")
        return client

    return make


@pytest.fixture
def browser_client():
    """browser_client(username, password=TEST_PASSWORD) → a Client(enforce_csrf_checks=True) logged in
    through the login page. For unsafe requests send ``HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value``."""

    def make(username: str, password: str = TEST_PASSWORD) -> Client:
        client = Client(enforce_csrf_checks=True)
        response = login_through_page(client, username, password)
        assert response.status_code == 302, response.content[:500]
        return client

    return make


@pytest.fixture
def make_trader(make_cognito_user, bearer_client):
    """make_trader(prefix="trader", staff=False) → a Trader with a profile and a logged-in client."""

    def make(prefix: str = "trader", *, staff: bool = False) -> Trader:
        account = make_cognito_user(prefix, staff=staff)
        profile_create(sub=account.sub, username=account.username, email=account.email)
        suspension.remember(account.sub, False)  # a new profile is not suspended: no check read in pinned counts
        return Trader(
            username=account.username,
            sub=account.sub,
            email=account.email,
            password=account.password,
            client=bearer_client(account.username),
            is_staff=staff,
        )

    return make


@pytest.fixture
def alice(make_trader) -> Trader:
    return make_trader("alice")


@pytest.fixture
def bob(make_trader) -> Trader:
    return make_trader("bob")


@pytest.fixture
def aws_calls():
    with recorded_aws_calls() as calls:
        yield calls


# --- every AWS call the app makes while serving a request, across the whole run -----------
# tests/deploy/test_iam.py checks the execution role precisely against one representative
# flow; this catches any other endpoint's call the role would refuse in AWS. Calls made
# outside request handling (fixtures, the bootstrap, infra tests) are not the app's.
_serving = threading.local()
_app_calls: set = set()


def _request_started(**_):
    _serving.active = True


def _request_finished(**_):
    _serving.active = False


def _record_app_call(service, operation):
    if getattr(_serving, "active", False):
        _app_calls.add((service, operation))


@pytest.fixture(scope="session", autouse=True)
def app_aws_calls():
    request_started.connect(_request_started, dispatch_uid="tests-app-aws-calls")
    request_finished.connect(_request_finished, dispatch_uid="tests-app-aws-calls")
    aws.add_call_listener(_record_app_call)
    yield _app_calls
    aws.remove_call_listener(_record_app_call)


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand its calls to the controller
        workeroutput["app_aws_calls"] = sorted(_app_calls)
        return
    if not _app_calls:
        return
    from tests.deploy.iam_policy import unallowed_operations

    problems = unallowed_operations(_app_calls)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if problems:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        message = (
            f"\nThe app called {', '.join(problems)}, which infra/data.yml's execution role "
            "(ExecutionPolicy) does not allow: add it there (tests/deploy/test_iam.py).\n"
        )
    else:
        message = (
            f"\n{len(_app_calls)} distinct AWS operations made by the app while serving requests; "
            "all allowed by infra/data.yml's execution role.\n"
        )
    if reporter is not None:
        reporter.write(message, red=bool(problems))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _app_calls.update(tuple(call) for call in getattr(node, "workeroutput", {}).get("app_aws_calls", []))


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server_url(local_stack):
    """The app served over HTTP by a threaded WSGI server, against this process's emulator.

    (pytest-django's live_server wants a database to flush; this project has none.)
    Used by the browser tests and schemathesis.
    """
    server = make_server(
        "127.0.0.1",
        0,
        StaticFilesHandler(get_wsgi_application()),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


# The longest files start first: with two workers and --dist loadfile, a long file picked up
# last leaves one worker idle while the other finishes it (longest-processing-time-first).
LONGEST_FIRST = (
    "tests/tradeapi/test_schemathesis.py",
    "tests/trades/test_trade_properties.py",
    "tests/trades/test_trade_races.py",
    "tests/browser/test_dashboard_e2e.py",
    "tests/browser/test_browsable_api.py",
)


def pytest_collection_modifyitems(items):
    rank = {path: position for position, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(LONGEST_FIRST)))
