"""`make` finds Python 3.13 (scripts/find_python.sh): on PATH, else under pyenv's versions, else it says what
to install. A pyenv shim for a version that is not selected exists on PATH but fails to run: it counts as missing."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "find_python.sh"


def executable(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def find(tmp_path: Path, *, path_dirs: list[Path]) -> subprocess.CompletedProcess:
    """Run the script with only ``path_dirs`` and the tools it uses on PATH (not the machine's own pythons)."""
    tools = tmp_path / "tools"
    tools.mkdir(exist_ok=True)
    for tool in ("ls", "grep", "sort", "cat"):
        if not (tools / tool).exists():
            (tools / tool).symlink_to(shutil.which(tool))
    env = {"PATH": os.pathsep.join([*map(str, path_dirs), str(tools)]), "PYENV_ROOT": str(tmp_path / "pyenv")}
    return subprocess.run(
        [shutil.which("sh"), str(SCRIPT), "3.13"], env=env, capture_output=True, text=True, check=False
    )


def test_a_working_python_on_path_comes_first(tmp_path):
    on_path = executable(tmp_path / "bin" / "python3.13", "exit 0")
    executable(tmp_path / "pyenv" / "versions" / "3.13.1" / "bin" / "python3.13", "exit 0")
    found = find(tmp_path, path_dirs=[tmp_path / "bin"])
    assert (found.returncode, found.stdout.strip()) == (0, str(on_path))


def test_a_shim_that_does_not_run_is_skipped_for_the_newest_pyenv_version(tmp_path):
    executable(tmp_path / "shims" / "python3.13", "echo 'pyenv: python3.13: command not found' >&2; exit 127")
    executable(tmp_path / "pyenv" / "versions" / "3.13.0" / "bin" / "python3.13", "exit 0")
    newest = executable(tmp_path / "pyenv" / "versions" / "3.13.10" / "bin" / "python3.13", "exit 0")
    executable(tmp_path / "pyenv" / "versions" / "3.13.11t" / "bin" / "python3.13", "exit 0")  # free-threaded: not it
    found = find(tmp_path, path_dirs=[tmp_path / "shims"])
    assert (found.returncode, found.stdout.strip()) == (0, str(newest))


def test_without_one_it_says_what_to_install(tmp_path):
    found = find(tmp_path, path_dirs=[])
    assert found.returncode == 1 and found.stdout == ""
    assert "apt-get install python3.13 python3.13-venv" in found.stderr
    assert "pyenv install 3.13" in found.stderr and "PYTHON=/path/to/python3.13" in found.stderr


def test_the_makefile_and_ci_use_it():
    assert "scripts/find_python.sh $(PYTHON_VERSION)" in (ROOT / "Makefile").read_text()
    assert "PYTHON_VERSION := 3.13" in (ROOT / "Makefile").read_text()
    assert "scripts/find_python.sh" in (ROOT / ".ci" / "run").read_text()
