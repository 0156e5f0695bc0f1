"""Every collections test also checks that nothing it made the app do was a DynamoDB Scan."""

import pytest

from tests.helpers import recorded_aws_calls


@pytest.fixture(autouse=True)
def no_scan():
    with recorded_aws_calls() as calls:
        yield
    assert calls[("dynamodb", "Scan")] == 0
