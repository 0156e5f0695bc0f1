"""The Lambda execution role (infra/data.yml) against the AWS calls the app makes.

An AWS call needs IAM permissions that depend on its operation and parameters:
GetItem on a table needs dynamodb:GetItem on that table's ARN, a Query on an index
needs dynamodb:Query on table/<t>/index/<i>, TransactWriteItems needs PutItem,
UpdateItem, DeleteItem or ConditionCheckItem per action on each action's table, and
Cognito's public operations (signed by the client id or the user's own token) need
no IAM permission at all. Resources are compared symbolically: <MainTable>,
<CacheTable>, <UserPoolArn>, as the template names them.
"""

import fnmatch
import re
from dataclasses import dataclass

from tests.deploy import infra

# Cognito user pool operations that are not authorized by IAM (AWS: "Authorization model for
# API and SDK operations" / unauthenticated and token-authorized operations).
COGNITO_PUBLIC = {
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "GlobalSignOut",
    "RevokeToken",
    "GetUser",
    "ChangePassword",
    "UpdateUserAttributes",
    "DeleteUser",
    "GetTokensFromRefreshToken",
}
# Used on the app's behalf, never called by it: the Lambda runtime writes logs, DynamoDB uses the key.
RUNTIME_ACTIONS = {
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
}
READ_PREFIXES = ("Get", "BatchGet", "Query", "Describe", "List", "Scan", "ConditionCheck")
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}
IAM_PREFIX = {"dynamodb": "dynamodb", "cognito-idp": "cognito-idp", "kms": "kms"}


@dataclass(frozen=True, order=True)
class Permission:
    action: str  # "dynamodb:GetItem"
    resource: str  # "<MainTable>", "<MainTable>/index/GSI1", "<UserPoolArn>", "*"


def is_write_or_admin(action: str) -> bool:
    return not action.split(":", 1)[1].startswith(READ_PREFIXES)


def _symbol(node) -> str:
    if isinstance(node, str):
        return node
    if "Ref" in node:
        return f"<{node['Ref']}>"
    if "Fn::GetAtt" in node:
        return f"<{node['Fn::GetAtt'][0]}>"
    if "Fn::Sub" in node:
        return re.sub(r"\$\{([A-Za-z0-9]+)(\.Arn)?\}", lambda m: f"<{m.group(1)}>", node["Fn::Sub"])
    raise ValueError(node)


class RolePolicy:
    """The ExecutionPolicy statements of infra/data.yml, resources as symbols."""

    def __init__(self, template: dict | None = None):
        template = template or infra.load("data.yml")
        document = template["Resources"]["ExecutionPolicy"]["Properties"]["PolicyDocument"]
        self.statements = []
        for statement in document["Statement"]:
            assert statement["Effect"] == "Allow"
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            self.statements.append((actions, [_symbol(r) for r in resources]))

    def actions(self) -> set[str]:
        return {action for actions, _ in self.statements for action in actions}

    def allows(self, permission: Permission) -> bool:
        for actions, resources in self.statements:
            if any(fnmatch.fnmatchcase(permission.action.lower(), a.lower()) for a in actions) and any(
                fnmatch.fnmatchcase(permission.resource, r) for r in resources
            ):
                return True
        return False

    def allows_action(self, action: str) -> bool:
        return any(fnmatch.fnmatchcase(action.lower(), a.lower()) for actions, _ in self.statements for a in actions)


def required(service: str, operation: str, params: dict, names: dict[str, str]) -> set[Permission]:
    """The permissions one call needs. ``names`` maps physical names (table names, pool ids) to symbols."""
    prefix = IAM_PREFIX.get(service, service)
    if service == "cognito-idp":
        if operation in COGNITO_PUBLIC:
            return set()
        return {Permission(f"cognito-idp:{operation}", names.get(params.get("UserPoolId"), "?pool"))}
    if service != "dynamodb":
        return {Permission(f"{prefix}:{operation}", "*")}

    def table(name: str, index: str | None = None) -> str:
        symbol = names.get(name, f"?{name}")
        return f"{symbol}/index/{index}" if index else symbol

    if operation in ("BatchGetItem", "BatchWriteItem"):
        return {Permission(f"dynamodb:{operation}", table(name)) for name in params.get("RequestItems", {})}
    if operation in ("TransactWriteItems", "TransactGetItems"):
        needed = set()
        for item in params.get("TransactItems", []):
            ((kind, body),) = item.items()
            action = "GetItem" if kind == "Get" else TRANSACT_ACTIONS[kind]
            needed.add(Permission(f"dynamodb:{action}", table(body["TableName"])))
        return needed
    return {Permission(f"dynamodb:{operation}", table(params.get("TableName", "?"), params.get("IndexName")))}


def unallowed_operations(calls, policy: "RolePolicy | None" = None) -> list[str]:
    """(service, operation) pairs the role allows on no resource at all (the suite-wide, coarse check)."""
    policy = policy or RolePolicy()
    problems = []
    for service, operation in sorted(set(calls)):
        if service == "cognito-idp" and operation in COGNITO_PUBLIC:
            continue
        prefix = IAM_PREFIX.get(service, service)
        if service == "dynamodb" and operation == "TransactWriteItems":
            ok = any(policy.allows_action(f"dynamodb:{a}") for a in TRANSACT_ACTIONS.values())
        elif service == "dynamodb" and operation == "TransactGetItems":
            ok = policy.allows_action("dynamodb:GetItem")
        else:
            ok = policy.allows_action(f"{prefix}:{operation}")
        if not ok:
            problems.append(f"{service}:{operation}")
    return problems
