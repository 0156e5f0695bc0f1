"""boto3 clients are built in one place, once per process, and reused."""

import threading

from django.conf import settings

from tradeapi import aws


def test_a_client_is_built_once_and_shared_across_threads():
    first = aws.dynamodb()
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(aws.dynamodb())) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(client is first for client in seen)


def test_clients_carry_region_endpoint_retries_timeouts_and_pool_size(local_stack):
    client = aws.dynamodb()
    config = client.meta.config
    assert client.meta.endpoint_url == local_stack.endpoint
    assert client.meta.region_name == settings.AWS_REGION
    assert config.connect_timeout == settings.AWS_CONNECT_TIMEOUT
    assert config.read_timeout == settings.AWS_READ_TIMEOUT
    assert config.retries == {"mode": "standard", "total_max_attempts": settings.AWS_MAX_ATTEMPTS}
    assert config.max_pool_connections == settings.AWS_MAX_POOL_CONNECTIONS


def test_requests_do_not_build_clients(client, monkeypatch):
    built = []
    original = aws._build
    monkeypatch.setattr(aws, "_build", lambda service: built.append(service) or original(service))
    for _ in range(5):
        assert client.get("/health").status_code == 200
    assert built == []
