"""Django's cache on DynamoDB, through the project's django-dynamodb-cache subclass."""

import threading
import time
import uuid

import pytest
from django.core.cache import cache

from tradeapi import aws


@pytest.fixture
def key():
    return f"test-{uuid.uuid4().hex}"


def test_set_get_round_trip_of_python_values(key):
    value = {"cards": ["Black Lotus", "Mox Pearl"], "count": 2}
    cache.set(key, value, 60)
    assert cache.get(key) == value
    cache.set(key, 7, 60)
    assert cache.get(key) == 7


def test_a_value_expires(key):
    cache.set(key, "soon gone", 1)
    assert cache.get(key) == "soon gone"
    assert cache.has_key(key)
    time.sleep(1.2)
    assert cache.get(key, "default") == "default"
    assert not cache.has_key(key)  # upstream has_key ignores expiry


def test_none_timeout_never_expires(key):
    cache.set(key, "forever", None)
    assert cache.get(key) == "forever"


def test_the_cache_talks_to_the_configured_endpoint_not_localhost_8000(local_stack, aws_calls, key):
    cache.set(key, 1)
    assert ("dynamodb", "PutItem") in aws_calls
    assert aws.dynamodb().meta.endpoint_url == local_stack.endpoint
    assert not local_stack.endpoint.endswith(":8000")


def test_set_is_one_round_trip(aws_calls, key):
    cache.set(key, "x")
    assert sum(aws_calls.values()) == 1


def test_add_is_atomic_under_concurrency(key):
    barrier = threading.Barrier(20)
    results = []

    def contender(n):
        barrier.wait()
        results.append((n, cache.add(key, n, 60)))

    threads = [threading.Thread(target=contender, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [n for n, won in results if won]
    assert len(winners) == 1
    assert cache.get(key) == winners[0]


def test_add_replaces_an_expired_value(key):
    cache.set(key, "old", 1)
    assert cache.add(key, "taken", 60) is False
    time.sleep(1.2)
    assert cache.add(key, "new", 60) is True
    assert cache.get(key) == "new"


def test_incr_is_atomic_under_concurrency(key):
    cache.set(key, 0, 60)
    threads = [threading.Thread(target=lambda: [cache.incr(key) for _ in range(5)]) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get(key) == 50
    assert cache.decr(key, 8) == 42


def test_incr_of_a_missing_key_raises_value_error(key):
    with pytest.raises(ValueError):
        cache.incr(key)


def test_delete_touch_and_many(key):
    cache.set_many({f"{key}-a": 1, f"{key}-b": "two"}, 60)
    assert cache.get_many([f"{key}-a", f"{key}-b", f"{key}-c"]) == {f"{key}-a": 1, f"{key}-b": "two"}
    assert cache.touch(f"{key}-a", 1) is True
    assert cache.touch(f"{key}-missing", 1) is False
    assert cache.delete(f"{key}-b") is True
    assert cache.delete(f"{key}-b") is False
    time.sleep(1.2)
    assert cache.get_many([f"{key}-a", f"{key}-b"]) == {}
