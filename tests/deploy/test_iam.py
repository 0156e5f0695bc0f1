"""The execution role in infra/data.yml allows every AWS call the app makes, and no write beyond them.

The calls are not listed by hand: a representative flow runs through HTTP against the
emulator-deployed stacks (every public endpoint family: health, sign-up with its
failure compensation, login, refresh, logout, profile, binders, cards, trades, the
browser session), and a botocore hook records each call with its parameters. Other
tests' calls are checked too, more coarsely, by the session-wide recorder in
tests/conftest.py (see test_every_call_the_suite_made_is_allowed).
"""

import uuid

import pytest
from rest_framework.test import APIClient

from accounts.services import profile_create
from catalog.demo import load_sample
from tests.deploy import iam_policy
from tests.deploy.conftest import app_pointed_at
from tests.helpers import TEST_PASSWORD
from tradeapi import aws

POLICY = iam_policy.RolePolicy()


class CallRecorder:
    """Every API call of the app's clients, with its parameters (botocore's before-parameter-build)."""

    def __init__(self):
        self.calls: list[tuple[str, str, dict]] = []

    def attach(self):
        for client in (aws.dynamodb(), aws.cognito()):
            client.meta.events.register("before-parameter-build", self._record)

    def _record(self, params, model, **_):
        self.calls.append((model.service_model.service_name, model.name, dict(params)))


def _ok(response, *codes):
    assert response.status_code in (codes or (200, 201, 204)), (response.status_code, response.content[:300])
    return response.json() if response.content and response["Content-Type"].startswith("application/json") else None


def _trader(prefix: str) -> tuple[APIClient, str]:
    client, username = APIClient(), f"{prefix}{uuid.uuid4().hex[:8]}"
    _ok(
        client.post(
            "/api/auth/signup",
            {"username": username, "email": f"{username}@example.com", "password": TEST_PASSWORD},
            format="json",
        ),
        201,
    )
    tokens = _ok(client.post("/api/auth/login", {"username": username, "password": TEST_PASSWORD}, format="json"))
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    client.tokens = tokens
    return client, username


def representative_flow():
    from django.test import Client

    from tests.helpers import login_through_page

    anonymous = APIClient()
    _ok(anonymous.get("/health"))
    alice, alice_name = _trader("iama")
    bob, bob_name = _trader("iamb")

    # Sign-up whose profile cannot be created (username taken in the table): Cognito user deleted again.
    taken = f"iamt{uuid.uuid4().hex[:8]}"
    profile_create(sub=str(uuid.uuid4()), username=taken, email=f"{taken}@example.com")
    _ok(
        anonymous.post(
            "/api/auth/signup",
            {"username": taken, "email": f"{taken}@example.com", "password": TEST_PASSWORD},
            format="json",
        ),
        409,
    )
    _ok(anonymous.post("/api/auth/confirm", {"username": alice_name, "code": "123456"}, format="json"), 200, 400, 409)
    _ok(anonymous.post("/api/auth/refresh", {"refresh_token": alice.tokens["refresh_token"]}, format="json"))
    _ok(anonymous.post("/api/auth/password/forgot", {"username": alice_name}, format="json"), 200, 202, 204)

    _ok(alice.get("/api/me"))
    _ok(alice.patch("/api/me", {"display_name": "Alice"}, format="json"))

    binder = _ok(alice.post("/api/binders/", {"name": "Trade Stock", "visibility": "tradeable"}, format="json"), 201)
    _ok(alice.get("/api/binders/"))
    _ok(alice.patch(f"/api/binders/{binder['id']}/", {"description": "for trade"}, format="json"))
    _ok(alice.patch(f"/api/binders/{binder['id']}/", {"name": "Trade Stock 2"}, format="json"))
    card = _ok(
        alice.post(
            f"/api/binders/{binder['id']}/cards/",
            {"name": "Breeding Pool", "set_code": "RNA", "collector_number": "246", "quantity": 4},
            format="json",
        ),
        201,
    )
    _ok(alice.get(f"/api/binders/{binder['id']}/cards/"))
    _ok(alice.get(f"/api/binders/{binder['id']}/cards/{card['id']}/"))
    _ok(alice.patch(f"/api/binders/{binder['id']}/cards/{card['id']}/", {"notes": "mint"}, format="json"))
    _ok(alice.patch(f"/api/binders/{binder['id']}/cards/{card['id']}/", {"quantity": 5}, format="json"))
    _ok(alice.get("/api/cards/?name=breed"))
    # The catalog: search by name and by set, one printing, its other printings, the sets.
    _ok(alice.get("/api/catalog/cards/?q=breeding"))
    _ok(alice.get("/api/catalog/cards/?set=rna"))
    _ok(alice.get(card["catalog"]))
    _ok(alice.get(f"{card['catalog']}printings/"))
    _ok(alice.get("/api/catalog/sets/"))
    _ok(bob.get(f"/api/traders/{alice_name}/binders/"))
    _ok(bob.get(f"/api/traders/{alice_name}/binders/{binder['id']}/cards/"))
    moved = _ok(
        alice.post(
            f"/api/binders/{binder['id']}/cards/{card['id']}/move",
            {"to_binder_id": "default", "quantity": 1},
            format="json",
        )
    )
    bob_binder = _ok(bob.post("/api/binders/", {"name": "Bob Stock", "visibility": "tradeable"}, format="json"), 201)
    bobs = _ok(
        bob.post(
            f"/api/binders/{bob_binder['id']}/cards/",
            {"scryfall_id": "4ced112a-e775-4f97-97b3-74877e9dce12", "quantity": 2},  # Dragon's Rage Channeler
            format="json",
        ),
        201,
    )

    trade = _ok(
        alice.post(
            "/api/trades/",
            {
                "recipient": bob_name,
                "offered": [{"card_id": card["id"], "quantity": 1}],
                "requested": [{"card_id": bobs["id"], "quantity": 1}],
            },
            format="json",
        ),
        201,
    )
    _ok(alice.get("/api/trades/"))
    _ok(alice.get(f"/api/trades/{trade['id']}/events/"))
    trade = _ok(
        bob.post(
            f"/api/trades/{trade['id']}/counter",
            {
                "offered": [{"card_id": bobs["id"], "quantity": 2}],
                "requested": [{"card_id": card["id"], "quantity": 1}],
                "version": trade["version"],
            },
            format="json",
        )
    )
    _ok(alice.post(f"/api/trades/{trade['id']}/accept", {"version": trade["version"]}, format="json"))
    other = _ok(
        alice.post(
            "/api/trades/",
            {"recipient": bob_name, "offered": [{"card_id": card["id"], "quantity": 1}], "requested": []},
            format="json",
        ),
        201,
    )
    _ok(bob.post(f"/api/trades/{other['id']}/decline", {"version": other["version"]}, format="json"))

    _ok(alice.delete(f"/api/binders/{binder['id']}/cards/{card['id']}/"))
    if moved and moved.get("to"):
        _ok(alice.get(f"/api/binders/default/cards/{moved['to']['id']}/"))
    _ok(alice.delete(f"/api/binders/{binder['id']}/?force=true"))

    browser = Client()
    _ok(login_through_page(browser, bob_name), 302)
    _ok(browser.get("/api/me", HTTP_ACCEPT="application/json"))
    _ok(browser.post("/accounts/logout/", {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value}), 302)
    _ok(alice.post("/api/auth/logout"))


@pytest.fixture(scope="module")
def recorded(deployed, local_stack):
    recorder = CallRecorder()
    with app_pointed_at(deployed, local_stack):
        load_sample()  # the catalog card entries name (the offline import, not the role's business)
        recorder.attach()
        representative_flow()
        names = {
            deployed.data["TableName"]: "<MainTable>",
            deployed.data["CacheTableName"]: "<CacheTable>",
            deployed.identity["UserPoolId"]: "<UserPoolArn>",
        }
    return recorder.calls, names


def test_the_role_allows_every_call_of_the_flow(recorded):
    calls, names = recorded
    assert len(calls) > 50
    missing = {}
    for service, operation, params in calls:
        for permission in iam_policy.required(service, operation, params, names):
            if not POLICY.allows(permission):
                missing[permission] = operation
    assert not missing, f"the execution role lacks: {sorted(missing)}"


def test_the_role_grants_no_write_or_admin_permission_the_app_does_not_use(recorded):
    calls, names = recorded
    needed = {p for service, op, params in calls for p in iam_policy.required(service, op, params, names)}
    unused = []
    for actions, resources in POLICY.statements:
        for action in actions:
            if action in iam_policy.RUNTIME_ACTIONS or not iam_policy.is_write_or_admin(action):
                continue
            for resource in resources:
                if iam_policy.Permission(action, resource) not in needed:
                    unused.append((action, resource))
    assert not unused, f"granted but never used by the app: {unused}"


def test_the_role_has_no_wildcard_action_or_resource():
    for actions, resources in POLICY.statements:
        assert not [a for a in actions if a == "*" or a.endswith(":*")], actions
        assert "*" not in resources, resources


def test_the_deployed_role_holds_the_templates_policy(deployed):
    iam = aws.client("iam")
    document = iam.get_role_policy(RoleName=deployed.data["ExecutionRoleName"], PolicyName="tradeapi-dev-lambda")[
        "PolicyDocument"
    ]
    deployed_actions = {
        a for s in document["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    assert deployed_actions == POLICY.actions()
    table_arn = deployed.data["TableArn"]
    assert any(s["Resource"] == table_arn for s in document["Statement"])


def test_the_suite_wide_check_flags_an_operation_the_role_does_not_allow():
    calls = {
        ("dynamodb", "GetItem"),
        ("dynamodb", "TransactWriteItems"),
        ("cognito-idp", "InitiateAuth"),
        ("dynamodb", "Scan"),
        ("cognito-idp", "AdminDisableUser"),
    }
    assert iam_policy.unallowed_operations(calls) == ["cognito-idp:AdminDisableUser", "dynamodb:Scan"]
