"""infra/ templates pass cfn-lint and checkov (from .venv-tools: `make tools`, which `make test` runs)."""

import json
import subprocess

import pytest

from tests.deploy import infra

TOOLS = infra.INFRA.parent / ".venv-tools" / "bin"


def _tool(name: str) -> str:
    path = TOOLS / name
    assert path.exists(), f"{path} is missing: run `make tools` (make test does)"
    return str(path)


@pytest.fixture(scope="module")
def scans():
    """cfn-lint and checkov, run at the same time (checkov alone takes ~15 s)."""
    lint = subprocess.Popen(
        [_tool("cfn-lint"), *map(str, infra.TEMPLATES)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    checkov = subprocess.Popen(
        [_tool("checkov"), "-d", str(infra.INFRA), "--framework", "cloudformation", "--skip-download", "-o", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={"PATH": "/usr/bin:/bin", "BC_SKIP_MAPPING": "TRUE"},
    )
    lint_out, _ = lint.communicate(timeout=300)
    checkov_out, _ = checkov.communicate(timeout=300)
    return {"cfn-lint": (lint.returncode, lint_out), "checkov": json.loads(checkov_out)}


def test_cfn_lint_is_clean(scans):
    returncode, output = scans["cfn-lint"]
    assert returncode == 0, output


def test_checkov_has_no_failed_checks_and_every_skip_is_justified(scans):
    report = scans["checkov"]
    summary = report["summary"]
    failed = [(c["check_id"], c["resource"], c["file_path"]) for c in report["results"]["failed_checks"]]
    assert summary["failed"] == 0, failed
    assert summary["passed"] > 50 and summary["parsing_errors"] == 0
    assert len(report["results"]["skipped_checks"]) == summary["skipped"] > 0
    for skipped in report["results"]["skipped_checks"]:
        assert len(skipped.get("check_result", {}).get("suppress_comment", "")) > 30, skipped["check_id"]


def test_every_template_is_parameterized_by_stage():
    for path in infra.TEMPLATES:
        stage = infra.load(path.name)["Parameters"]["Stage"]
        assert stage["AllowedValues"] == ["dev", "production"], path.name
