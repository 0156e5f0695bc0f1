"""Browser tests: Debian's Chromium driven by Playwright against a live server on the test emulator.

Without Chromium these tests are not collected (``make test`` says so). Playwright's
own browser downloads are never used: Chromium is launched from CHROMIUM_PATH.
"""

import os
from pathlib import Path

import pytest

from tradeapi.local import demo

# Playwright's sync API keeps an event loop in the test thread; the Django code the tests call
# directly is synchronous and safe to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
# `make screenshots` sets this to docs/screenshots (a fresh process: only the demo data on screen);
# otherwise the screenshots go to a temporary directory, so test runs leave the committed ones alone.
SCREENSHOT_DIR = os.environ.get("TRADEAPI_SCREENSHOT_DIR")


def chromium_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


if not chromium_available():
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture
def screenshots(tmp_path) -> Path:
    directory = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    # Generous: every click is a round trip through Django and moto, which on a busy 2-core
    # machine can take seconds; a wrong page still fails on its assertions, not on time.
    context.set_default_timeout(45_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_accounts(local_stack):
    """The `make run` demo (alice, bob, carol, moderator, and mallory, suspended), once per test process."""
    return {account.username: account for account in demo.seed()}
