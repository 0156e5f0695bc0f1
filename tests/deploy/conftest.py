"""The infra stacks deployed into this test process's emulator, once per process."""

from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.deploy import infra
from tradeapi import aws
from tradeapi.local import stack as local

STAGE = "dev"
PROJECT = "tradeapi"


@dataclass
class DeployedStacks:
    identity: dict[str, str]
    data: dict[str, str]
    endpoint: str

    def local_stack(self) -> local.LocalStack:
        """The app's configuration for these stacks (what build/zappa_settings.json would hold)."""
        return local.LocalStack(
            endpoint=self.endpoint,
            table=self.data["TableName"],
            cache_table=self.data["CacheTableName"],
            kms_key_id=self.data["KmsKeyArn"],
            user_pool_id=self.identity["UserPoolId"],
            client_id=self.identity["UserPoolClientId"],
            staff_group=self.identity["StaffGroup"],
        )


@pytest.fixture(scope="session")
def deployed(local_stack) -> DeployedStacks:
    params = {"Stage": STAGE, "ProjectName": PROJECT}
    identity = infra.realize_identity(aws.cognito(), params, region=local_stack.region)
    data = infra.deploy(
        aws.client("cloudformation"),
        f"{PROJECT}-{STAGE}-data",
        "data.yml",
        {**params, "UserPoolArn": identity["UserPoolArn"]},
    )
    return DeployedStacks(identity=identity, data=data, endpoint=local_stack.endpoint)


@contextmanager
def app_pointed_at(deployed: DeployedStacks, original: local.LocalStack):
    """Point this process's Django at the deployed stacks for the block, then back."""
    local.apply(deployed.local_stack())
    try:
        yield deployed.local_stack()
    finally:
        local.apply(original)
