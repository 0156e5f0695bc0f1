"""Fixtures for the accounts tests."""

import pytest


@pytest.fixture(autouse=True)
def no_auth_throttle(settings):
    """Many logins from one test IP: the throttle has its own test (test_throttling.py)."""
    settings.AUTH_THROTTLE_RATE = None
