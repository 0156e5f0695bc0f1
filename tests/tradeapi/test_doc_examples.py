"""The shell examples in README.md and docs/*.md run verbatim against `make run`'s stack (issue 12, point 6).

What runs: every ```sh block, in file order; all the blocks of one file run in one `bash` process with
`set -euo pipefail`, so a block may use a variable an earlier block of the same file set (it says so
in a first-line comment, `# uses $ACCESS ...`, checked below). Skipped: ```sh blocks whose only
commands are `make ...` (README's `make run` / `make test`). Never run: any other fence — ```text and
```json for output samples, ```shell for commands that need an AWS account (docs/deployment.md).

The app is started exactly as `make run` starts it (`manage.py runlocal`: the embedded emulator, the
demo data, Django's runserver), but on a free port, because 8000 may be taken (a developer's own
`make run`). A file's first block starts with `BASE=${TRADEAPI_BASE:-http://127.0.0.1:8000}`, so the
examples read verbatim for a reader and the test points them at its server through TRADEAPI_BASE.

Besides the exit status, every request the examples made must have answered below 400 (read from
runserver's access log: `curl -s` alone does not fail on an error status), and a few outputs are
checked (EXPECTED).
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

# One server for the whole file: --dist loadfile keeps the file on one xdist worker; the group
# does the same under --dist loadgroup.
pytestmark = pytest.mark.xdist_group("doc-examples")

ROOT = Path(__file__).resolve().parents[2]
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BASE_LINE = "BASE=${TRADEAPI_BASE:-http://127.0.0.1:8000}"
START_TIMEOUT = 90  # seconds; `make run` is ready in about 5 s on an idle machine
RUN_TIMEOUT = 120

# Outputs (regular expressions) a file's examples must print, besides exiting 0 without an HTTP error.
EXPECTED = {
    "README.md": [r'"trades": ?"http://127\.0\.0\.1:\d+/api/trades/"', r'"username": ?"alice"'],
    "docs/accounts.md": [r'"username": ?"dave"', r'"location": ?"Lyon"', r'"token_type": ?"Bearer"', r"^204$"],
    "docs/collections.md": [
        r'"name": ?"Trade Stock"',
        r'"from": ?\{.*"quantity": ?3',
        r'"owner": ?"bob"',
        r"^204$",
    ],
    "docs/catalog.md": [r'"name": ?"Dragon\'s Rage Channeler"', r'"name": ?"Dungeon Delver"', r"'WOE'"],
    "docs/imports.md": [
        r"^planned 3 1\b",
        r'"status": ?"completed"',
        r'"failed_rows": ?"http',
        r"^Count,Tradelist Count,Name,Edition,Condition",
    ],
    "docs/moderation.md": [r'"reason": ?"Asked me to pay outside the platform"'],
    "docs/trades.md": [r"^COMPLETED$", r"^proposed accepted$"],
}


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # the opening fence's line number
    lang: str
    code: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def commands(self) -> list[str]:
        return [line.strip() for line in self.code.splitlines() if line.strip() and not line.strip().startswith("#")]

    @property
    def runs(self) -> bool:
        return self.lang == "sh" and not all(re.match(r"make(\s|$)", command) for command in self.commands)


def fenced_blocks(path: Path) -> list[Block]:
    blocks, lang, start, lines = [], None, 0, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if lang is None:
            if stripped.startswith("```"):
                lang, start, lines = (stripped[3:].split() or [""])[0], number, []
        elif stripped == "```":
            blocks.append(Block(path, start, lang, "\n".join(lines)))
            lang = None
        else:
            lines.append(line)
    assert lang is None, f"{path.relative_to(ROOT)}:{start}: unclosed code fence"
    return blocks


def runnable_blocks(path: Path) -> list[Block]:
    return [block for block in fenced_blocks(path) if block.runs]


RUNNABLE = {str(path.relative_to(ROOT)): runnable_blocks(path) for path in DOC_FILES}
RUNNABLE = {name: blocks for name, blocks in RUNNABLE.items() if blocks}


# --- static checks: the conventions that keep the blocks runnable ---------------------------

_USED = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_ASSIGNED = re.compile(r"(?:^|[\s;(])([A-Za-z_][A-Za-z0-9_]*)=", re.MULTILINE)
_ENVIRONMENT = {"TRADEAPI_BASE"}  # set by the test, optional for a reader


def test_expected_outputs_belong_to_runnable_examples():
    assert set(EXPECTED) <= set(RUNNABLE), f"no runnable examples left in {sorted(set(EXPECTED) - set(RUNNABLE))}"


@pytest.mark.parametrize("name", sorted(RUNNABLE))
def test_first_block_sets_the_overridable_base(name):
    blocks = RUNNABLE[name]
    assert blocks[0].code.splitlines()[0].startswith(BASE_LINE), (
        f"{blocks[0].where}: a file's first runnable block starts with {BASE_LINE}"
    )
    for block in blocks:
        for number, line in enumerate(block.code.splitlines()):
            assert "127.0.0.1:8000" not in line or (block is blocks[0] and number == 0), (
                f"{block.where}: use $BASE, not the address (the test runs the examples on another port)"
            )
        assert not re.search(r"<[a-z][a-z _-]*>", block.code), f"{block.where}: a placeholder cannot run verbatim"


@pytest.mark.parametrize("name", sorted(RUNNABLE))
def test_each_block_says_which_earlier_variables_it_uses(name):
    earlier: set[str] = set()
    for block in RUNNABLE[name]:
        assigned = set(_ASSIGNED.findall(block.code))
        inherited = set(_USED.findall(block.code)) - assigned - _ENVIRONMENT
        if inherited:
            assert not inherited - earlier, f"{block.where}: {sorted(inherited - earlier)} set by no earlier block"
            header = block.code.splitlines()[0]
            missing = [v for v in sorted(inherited) if not re.search(rf"\${v}\b", header)]
            assert header.startswith("# uses") and not missing, (
                f"{block.where}: the first line should be `# uses ...` naming {', '.join('$' + v for v in missing)}"
            )
        earlier |= assigned


# --- running them against `make run`'s stack --------------------------------------------------


@dataclass
class Server:
    base: str
    log: Path

    def log_size(self) -> int:
        return self.log.stat().st_size

    def requests_since(self, offset: int, marker: str) -> list[tuple[str, str, int]]:
        """(method, path, status) of each request logged since ``offset``, up to the request for ``marker``."""
        urllib.request.urlopen(f"{self.base}/health?{marker}", timeout=10).close()
        deadline = time.monotonic() + 10
        while marker not in self._read(offset) and time.monotonic() < deadline:
            time.sleep(0.05)
        text = self._read(offset).split(marker)[0]
        return [
            (method, path, int(status))
            for method, path, status in re.findall(r'"([A-Z]+) (\S+) HTTP/[\d.]+" (\d{3})', text)
        ]

    def _read(self, offset: int) -> str:
        with self.log.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def tail(self, offset: int = 0, chars: int = 4000) -> str:
        return self._read(offset)[-chars:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(process: subprocess.Popen, server: Server) -> None:
    """Until /health answers 200 from *this* process (not another server that owns the port)."""
    banner = f"Starting development server at {server.base}/"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"manage.py runlocal exited with {process.returncode}:\n{server.tail()}")
        if banner in server.tail(chars=10**6):
            try:
                with urllib.request.urlopen(f"{server.base}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
        time.sleep(0.1)
    pytest.fail(f"manage.py runlocal did not serve {server.base}/health within {START_TIMEOUT} s:\n{server.tail()}")


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """`make run` (manage.py runlocal: emulator, demo data, runserver) on a free loopback port."""
    port = _free_port()
    server = Server(base=f"http://127.0.0.1:{port}", log=tmp_path_factory.mktemp("doc-examples") / "runlocal.log")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with server.log.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runlocal", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(process, server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.parametrize("name", list(RUNNABLE))
def test_shell_examples_run_verbatim(name, app_server, tmp_path):
    blocks = RUNNABLE[name]
    script = ["set -euo pipefail"]
    for block in blocks:  # a marker on stderr before each block names the one that failed
        script += [f"echo '>>> {block.where}' >&2", block.code]
    env = {key: value for key, value in os.environ.items() if key != "BASH_ENV"}
    env["TRADEAPI_BASE"] = app_server.base
    offset = app_server.log_size()
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=tmp_path,  # anything an example writes lands here
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    requests = app_server.requests_since(offset, f"doc-examples-done={name}")
    report = (
        f"\n--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
        f"\n--- server log\n{app_server.tail(offset)}"
    )
    failing_block = re.findall(r"^>>> (\S+)$", result.stderr, re.MULTILINE)[-1:]
    assert result.returncode == 0, f"{name}: exit status {result.returncode} in {failing_block}{report}"
    assert requests, f"{name}: the examples made no request to {app_server.base}{report}"
    errors = [request for request in requests if request[2] >= 400]
    assert not errors, f"{name}: requests answered an error status: {errors}{report}"
    for pattern in EXPECTED.get(name, []):
        assert re.search(pattern, result.stdout, re.MULTILINE), f"{name}: no output matches {pattern!r}{report}"
