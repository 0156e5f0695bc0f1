"""The API as people meet it: HTML forms that work, links, one error shape under /api/, filters, paging."""

import html
import json
from types import SimpleNamespace

import pytest
import yaml
from django.core.wsgi import get_wsgi_application
from django.test import RequestFactory, override_settings
from django.urls import set_script_prefix

from accounts import suspension
from moderation.services import actions as moderation
from tests.binders.helpers import POOL, PRINTINGS, add_card, create_binder, ok
from tests.trades.helpers import add_card as seed_card
from tests.trades.helpers import make_binder, propose
from tradeapi.api_root import ENDPOINTS


def _csrf(client) -> dict:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


# --- forms ---------------------------------------------------------------------------------


def test_html_forms_post_and_patch_like_json(alice, browser_client):
    browser = browser_client(alice.username)
    # The browsable API's HTML form posts multipart (and urlencoded) bodies: the same validation as JSON.
    created = browser.post("/api/binders/", {"name": "From a form", "visibility": "TRADEABLE"}, **_csrf(browser))
    assert created.status_code == 201, created.content
    binder = created.json()
    assert binder["visibility"] == "tradeable"
    refused = browser.post("/api/binders/", {"name": "", "colour": "red"}, **_csrf(browser))
    assert refused.status_code == 400
    assert set(refused.json()["error"]["details"]) == {"name", "colour"}  # every field's error at once
    changed = browser.patch(
        binder["url"], "description=edited", content_type="application/x-www-form-urlencoded", **_csrf(browser)
    )
    assert changed.status_code == 200 and changed.json()["description"] == "edited"


def test_patch_forms_are_prefilled_and_raw_data_holds_only_writable_fields(alice, browser_client):
    binder = create_binder(alice, "Prefilled", description="my spares")
    browser = browser_client(alice.username)
    page = browser.get(binder["url"], HTTP_ACCEPT="text/html").content.decode()
    raw = html.unescape(page.split('name="_content"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0])
    assert json.loads(raw) == {"name": "Prefilled", "description": "my spares", "visibility": "private"}
    # Pressing PATCH with the box as it is answers 200: it holds only what the endpoint accepts.
    again = browser.patch(binder["url"], raw, content_type="application/json", **_csrf(browser))
    assert again.status_code == 200, again.content


def test_the_propose_form_is_prefilled_from_a_cards_propose_link(alice, bob, browser_client):
    binder = make_binder(bob.sub, "Goyfs")
    goyf = seed_card(bob.sub, binder, 1, set_code="FUT", number="153", name="Tarmogoyf")
    cards = ok(alice.client.get(f"/api/traders/{bob.username}/binders/"))["results"][0]["cards"]
    propose_link = ok(alice.client.get(cards))["results"][0]["propose"]
    page = browser_client(alice.username).get(propose_link, HTTP_ACCEPT="text/html").content.decode()
    raw = html.unescape(page.split('name="_content"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0])
    body = json.loads(raw)
    assert body["recipient"] == bob.username and body["requested"] == [{"card_id": goyf, "quantity": 1}]
    assert alice.client.post("/api/trades/", body, format="json").status_code == 201  # valid as it is


# --- links -------------------------------------------------------------------------------


def test_the_root_lists_every_resource_and_each_link_answers(alice):
    root = ok(alice.client.get("/api/"))
    assert [label for label, _ in ENDPOINTS] == list(root)
    for label, url in root.items():
        answer = alice.client.get(url)
        assert answer.status_code in (200, 405), (label, answer.status_code)


def test_a_binder_links_to_its_cards_and_a_card_to_its_binder_and_move(alice):
    binder = create_binder(alice, "Linked")
    card = add_card(alice, binder["id"], POOL)
    assert ok(alice.client.get(card["binder"]))["id"] == binder["id"]
    assert ok(alice.client.get(binder["cards"]))["results"][0]["url"] == card["url"]
    moved = ok(alice.client.post(card["move"], {"to_binder_id": "default"}, format="json"))
    assert moved["from"] is None and moved["to"]["binder_id"] == "default"


def test_a_trade_links_its_history_report_parties_and_only_the_actions_allowed_now(alice, bob):
    binder = make_binder(alice.sub)
    bolt = seed_card(alice.sub, binder, 2, set_code="M10", number="146")
    trade = propose(alice, bob, offered=[(bolt, 1)]).json()
    assert set(trade["actions"]) == {"cancel"}  # the proposer made the current offer
    seen_by_bob = ok(bob.client.get(trade["url"]))
    assert set(seen_by_bob["actions"]) == {"accept", "counter", "decline"}
    assert ok(bob.client.get(seen_by_bob["events"]))["results"][0]["kind"] == "proposed"
    alices_binders = ok(bob.client.get(seen_by_bob["proposer"]["binders"]))["results"]
    assert [b["name"] for b in alices_binders] == [f"binder {binder}"]  # her tradeable binder, no other
    report = bob.client.post(seen_by_bob["report"], {"reason": "looks odd"}, format="json")
    assert report.status_code == 201 and report.json()["trade"] == trade["url"]
    done = ok(bob.client.post(seen_by_bob["actions"]["accept"], {"version": 1}, format="json"))
    assert done["status"] == "COMPLETED" and done["actions"] == {}


def test_next_and_previous_are_full_urls_with_the_cursor_inside(alice):
    binder = create_binder(alice, "Pages")
    for number in range(5):
        add_card(alice, binder["id"], PRINTINGS[number])
    first = ok(alice.client.get(f"{binder['cards']}?limit=2"))
    assert first["previous"] is None and first["next"].startswith("http://testserver/api/binders/")
    second = ok(alice.client.get(first["next"]))
    third = ok(alice.client.get(second["next"]))
    assert third["next"] is None and len(third["results"]) == 1
    back = ok(alice.client.get(third["previous"]))
    assert [c["id"] for c in back["results"]] == [c["id"] for c in second["results"]]
    start = ok(alice.client.get(back["previous"]))
    assert [c["id"] for c in start["results"]] == [c["id"] for c in first["results"]]


# --- errors ------------------------------------------------------------------------------


@override_settings(DEBUG=True)
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/api/nothing-here/", 404), ("put", "/api/binders/", 405), ("get", "/api/binders/x/y/z", 404)],
)
def test_every_api_path_answers_the_error_shape_even_with_debug_on(alice, method, path, status):
    response = getattr(alice.client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_a_suspended_trader_gets_403_on_html_pages_too(make_trader, browser_client):
    trader = make_trader("suspendee")
    browser = browser_client(trader.username)
    staff = SimpleNamespace(is_staff=True, sub="staff-sub", username="staff")
    moderation.user_suspend(moderator=staff, username=trader.username, reason="test")
    suspension.forget(trader.sub)
    for path in ("/api/me", "/api/binders/", "/api/trades/"):
        page = browser.get(path, HTTP_ACCEPT="text/html")
        assert page.status_code == 403, (path, page.status_code)
        assert b"account_suspended" in page.content
        assert trader.client.get(path).json()["error"]["code"] == "account_suspended"


def test_trades_and_reports_refuse_unknown_fields_with_every_error(alice, bob):
    response = alice.client.post("/api/trades/", {"recipient": "", "colour": "red", "offered": "x"}, format="json")
    assert response.status_code == 400
    assert {"recipient", "colour", "offered"} <= set(response.json()["error"]["details"])


def test_enum_filters_ignore_case_and_name_the_valid_values(alice):
    assert alice.client.get("/api/trades/?status=open").status_code == 200
    assert alice.client.get("/api/trades/?role=Proposer").status_code == 200
    refused = alice.client.get("/api/trades/?status=pending")
    assert refused.status_code == 400
    assert "OPEN" in refused.json()["error"]["details"]["status"][0]


# --- schema and docs ----------------------------------------------------------------------


def _under_stage(path: str, query: str = "") -> tuple[str, str]:
    """GET ``path`` through the WSGI handler as API Gateway's /dev stage sends it (SCRIPT_NAME=/dev)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING=query, SCRIPT_NAME="/dev")
    status = []
    response = get_wsgi_application()(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        body = b"".join(response)
    finally:
        response.close()  # as a WSGI server does: request_finished (the request is over for signal listeners)
        set_script_prefix("/")  # the handler leaves its prefix on this thread; the next test has none
    return status[0], body.decode()


def test_the_schema_and_the_docs_page_are_served_from_the_package(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    status, page = _under_stage("/api/docs/")
    assert status.startswith("200")
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f'"/dev/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}"' in page
        assert client.get(f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}").status_code == 200
    assert "cdn" not in page.lower() and "<script>" not in page and "<style>" not in page  # nothing inline
    status, script = _under_stage("/api/docs/", "script=")
    assert status.startswith("200") and "/dev/api/schema/" in script


def test_another_traders_binder_and_cards_have_urls_and_private_ones_stay_hidden(alice, bob):
    tradeable = make_binder(bob.sub, "Bob trades")
    private = make_binder(bob.sub, "Bob keeps", visibility="private")
    goyf = seed_card(bob.sub, tradeable, 1, set_code="FUT", number="153", name="Tarmogoyf")
    hidden = seed_card(bob.sub, private, 1, set_code="M10", number="146", name="Lightning Bolt")
    [binder] = ok(alice.client.get(f"/api/traders/{bob.username}/binders/"))["results"]
    assert ok(alice.client.get(binder["url"])) == binder
    [card] = ok(alice.client.get(binder["cards"]))["results"]
    assert card["id"] == goyf and ok(alice.client.get(card["url"])) == card and "notes" not in card
    for path in (f"binders/{private}/", f"binders/{private}/cards/{hidden}/", f"binders/{tradeable}/cards/{hidden}/"):
        assert alice.client.get(f"/api/traders/{bob.username}/{path}").status_code == 404, path


def test_options_describes_each_writable_field(alice):
    described = alice.client.options("/api/trades/").json()
    fields = described["actions"]["POST"]
    assert {"recipient", "offered", "requested", "message"} <= set(fields)
    assert fields["recipient"]["required"] is True and fields["offered"]["type"] == "list"
    binder_fields = alice.client.options("/api/binders/").json()["actions"]["POST"]
    assert binder_fields["visibility"]["choices"] == [
        {"value": "private", "display_name": "private"},
        {"value": "tradeable", "display_name": "tradeable"},
    ]


def test_html_answers_to_posts_show_the_blank_input_form_never_a_500(alice, bob, browser_client):
    browser = browser_client(alice.username)
    login = browser.post(
        "/api/auth/login", {"username": alice.username, "password": alice.password}, HTTP_ACCEPT="text/html"
    )
    assert login.status_code == 200 and b"access_token" in login.content
    binder = create_binder(alice, "Moving")
    card = add_card(alice, binder["id"], POOL, quantity=2)
    moved = browser.post(card["move"], {"to_binder_id": "default"}, HTTP_ACCEPT="text/html", **_csrf(browser))
    assert moved.status_code == 200, moved.content[-2000:]
    goyfs = make_binder(bob.sub, "Goyfs")
    goyf = seed_card(bob.sub, goyfs, 1, set_code="FUT", number="153", name="Tarmogoyf")
    body = {"recipient": bob.username, "requested": [{"card_id": goyf, "quantity": 1}]}
    proposed = browser.post(
        "/api/trades/", json.dumps(body), content_type="application/json", HTTP_ACCEPT="text/html", **_csrf(browser)
    )
    assert proposed.status_code == 201
    assert bob.sub.encode() not in proposed.content  # the form is blank, not filled from the trade


@pytest.mark.parametrize("action", ["accept", "counter", "decline", "cancel"])
def test_an_action_page_for_a_trade_you_cannot_see_is_a_404_page(alice, browser_client, action):
    page = browser_client(alice.username).get(f"/api/trades/{'0' * 20}/{action}", HTTP_ACCEPT="text/html")
    assert page.status_code == 404


def test_a_username_that_no_one_can_have_is_not_found_without_asking_dynamodb(alice, aws_calls):
    for path in (f"/api/traders/{'x' * 3000}/", f"/api/traders/{'x' * 3000}/binders/", "/api/traders/a%20b/"):
        assert alice.client.get(path).status_code == 404
    assert not aws_calls


def test_the_prebuilt_schema_names_the_stage_as_its_server(settings):
    settings.OPENAPI_SCHEMA_FILE = settings.BASE_DIR / "docs" / "openapi.yaml"
    status, text = _under_stage("/api/schema/")
    assert status.startswith("200") and text.endswith("servers:\n- url: /dev\n")
    assert yaml.safe_load(text)["servers"] == [{"url": "/dev"}]
