"""Lambda's JSON log format: declared per stage in zappa_settings.json (Zappa 0.63 has no setting for it),
applied to the function by scripts/apply_logging_config.py (run by `make deploy`/`make update` and the pipeline)."""

import json
from pathlib import Path

import pytest

from scripts import apply_logging_config as logging_config

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = json.loads((ROOT / "zappa_settings.json").read_text())


class FakeLambda:
    """Records the calls apply() makes (the emulator has no Lambda LoggingConfig)."""

    def __init__(self):
        self.calls = []

    def update_function_configuration(self, **kwargs):
        self.calls.append(("update_function_configuration", kwargs))
        return {"LoggingConfig": kwargs["LoggingConfig"]}

    def get_waiter(self, name):
        calls = self.calls

        class Waiter:
            def wait(self, **kwargs):
                calls.append((name, kwargs))

        return Waiter()


@pytest.mark.parametrize("stage", ["dev", "production"])
def test_every_stage_logs_json_at_info(stage):
    declared = logging_config.stage_settings(SETTINGS, stage)["logging_config"]
    assert logging_config.logging_config(declared) == {
        "LogFormat": "JSON",
        "ApplicationLogLevel": "INFO",  # the request line (and with it the EMF metrics) is an INFO line
        "SystemLogLevel": "INFO",  # platform.report: durations, init and restore times
    }


@pytest.mark.parametrize(
    "declared",
    [
        {"LogFormat": "Text"},
        {"LogFormat": "JSON", "ApplicationLogLevel": "WARN"},
        {"LogFormat": "JSON", "SystemLogLevel": "ERROR"},
    ],
)
def test_settings_that_would_lose_lines_or_metrics_are_refused(declared):
    with pytest.raises(ValueError):
        logging_config.logging_config(declared)


def test_it_updates_the_function_zappa_manages_and_waits():
    client = FakeLambda()
    declared = logging_config.stage_settings(SETTINGS, "dev")["logging_config"]
    logging_config.apply(client, function="tradeapi-dev", declared=declared)
    assert client.calls == [
        ("update_function_configuration", {"FunctionName": "tradeapi-dev", "LoggingConfig": declared}),
        ("function_updated_v2", {"FunctionName": "tradeapi-dev"}),
    ]


def test_the_deploy_steps_apply_it_before_the_version_is_published():
    assert "scripts/apply_logging_config.py" in (ROOT / "Makefile").read_text()
    assert "scripts/apply_logging_config.py" in (ROOT / "buildspec.yml").read_text()  # in the deploy artifact
    steps = (ROOT / "buildspec-deploy.yml").read_text()
    assert steps.index("zappa update") < steps.index("apply_logging_config.py") < steps.index("shift_live_alias.py")
