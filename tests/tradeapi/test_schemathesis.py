"""schemathesis against the running app: every check, every phase, a real trader's token.

The app is served over HTTP in this process (tests/conftest.py ``server_url``) on this
worker's emulator; schemathesis runs as its own process against /api/schema/ with 25
examples per operation, the stateful phase following the schema's OpenAPI links.
Write limits are raised for the run: they would answer most generated writes with 429.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.binders.helpers import GOYF, POOL, add_card, create_binder
from tests.helpers import cognito_login

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES_PER_OPERATION = 25
HIGH = {name: "1000000/minute" for name in ("auth", "trade-proposals", "card-writes", "reports", "writes")}


@pytest.fixture
def unlimited(settings):
    settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), **HIGH}


def test_schemathesis_finds_nothing(server_url, alice, bob, unlimited, tmp_path):
    # Data for the generated requests to reach: cards of alice's, and bob's tradeable binder.
    mine = create_binder(alice, "Fuzzed")
    add_card(alice, mine["id"], POOL)
    theirs = create_binder(bob, "For trade", "tradeable")
    add_card(bob, theirs["id"], GOYF)
    token = cognito_login(alice.username, alice.password)["AccessToken"]
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{server_url}/api/schema/",
        "-H",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--workers",
        "2",
        "--seed",
        "20261202",
        "--generation-database",
        "none",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    (tmp_path / "schemathesis.log").write_text(run.stdout + run.stderr)
    summary = run.stdout[-3000:]
    assert run.returncode == 0, f"schemathesis failed; its report: {tmp_path / 'schemathesis.log'}\n{summary}"
    tested = re.search(r"Tested: (\d+)", summary)
    assert tested and int(tested.group(1)) >= 38, summary
    assert "Stateful" in summary, summary
