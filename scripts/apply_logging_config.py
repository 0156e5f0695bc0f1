"""Apply zappa_settings.json's ``logging_config`` (Lambda's JSON log format) to the function Zappa manages.

    python scripts/apply_logging_config.py dev [--settings build/zappa_settings.json] [--project tradeapi]

Lambda's advanced logging controls (``LoggingConfig``: ``LogFormat`` JSON, application and
system log levels) are part of the function's configuration, and Zappa 0.63 has no setting
for them: its create/update calls never pass ``LoggingConfig`` (and leave it alone). So, like
``stage_throttling``, the values live in zappa_settings.json per stage and this runs after
every ``zappa deploy`` and ``zappa update`` (Makefile, buildspec-deploy.yml), before the
version that the ``live`` alias moves to is published:
``"logging_config": {"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO"}``.

The app writes its own JSON lines (tradeapi/observability/logs.py) with a ``level`` Lambda's
filter understands. ``ApplicationLogLevel`` must stay at INFO or below: the request line,
which carries the EMF metrics, is an INFO line.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")


def stage_settings(settings: dict, stage: str) -> dict:
    config = dict(settings[stage])
    parent = config.pop("extends", None)
    return {**settings[parent], **config} if parent else config


def logging_config(declared: dict) -> dict:
    """The ``LoggingConfig`` for UpdateFunctionConfiguration, checked."""
    config = {"LogFormat": declared["LogFormat"]}
    if config["LogFormat"] != "JSON":
        raise ValueError(f"logging_config.LogFormat must be JSON (the app writes JSON lines), not {config}")
    application = declared.get("ApplicationLogLevel", "INFO")
    if application not in LEVELS[: LEVELS.index("INFO") + 1]:
        raise ValueError(f"ApplicationLogLevel {application!r} would drop the request lines and their metrics")
    config["ApplicationLogLevel"] = application
    config["SystemLogLevel"] = declared.get("SystemLogLevel", "INFO")
    if config["SystemLogLevel"] not in ("DEBUG", "INFO", "WARN"):
        raise ValueError(f"SystemLogLevel must be DEBUG, INFO or WARN, not {config['SystemLogLevel']!r}")
    return config


def apply(lambda_client, *, function: str, declared: dict) -> dict:
    """Zappa names the function ``<project>-<stage>``; waits until the update is in place."""
    answer = lambda_client.update_function_configuration(FunctionName=function, LoggingConfig=logging_config(declared))
    lambda_client.get_waiter("function_updated_v2").wait(FunctionName=function)
    return answer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage")
    parser.add_argument("--settings", default=str(ROOT / "zappa_settings.json"))
    parser.add_argument("--project", default="tradeapi")
    args = parser.parse_args(argv)
    declared = stage_settings(json.loads(Path(args.settings).read_text()), args.stage)["logging_config"]
    import boto3

    function = f"{args.project}-{args.stage}"
    apply(boto3.client("lambda"), function=function, declared=declared)
    print(f"{function}: logging config {logging_config(declared)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
