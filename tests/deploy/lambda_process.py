"""The real Lambda package, unzipped and served by a separate `python -S` process."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("lambda_runner.py")
PACKAGE = ROOT / "build" / "tradeapi-dev.zip"
LAMBDA_VENV = ROOT / ".venv-lambda"
# What the python3.13 Lambda runtime provides and zappa_settings.json excludes.
RUNTIME_PROVIDED = ["boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six.py", "urllib3"]


def build_package() -> Path:
    """`make package` (a no-op when the zip is newer than the code and requirements)."""
    subprocess.run(["make", "-s", "package"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return PACKAGE


def unzip(package: Path, into: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        archive.extractall(into)
    return into


def runtime_dir(into: Path) -> Path:
    """A directory holding only the runtime-provided libraries (symlinked from the packaging env)."""
    site = next(LAMBDA_VENV.glob("lib/python3*/site-packages"))
    into.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_PROVIDED:
        (into / name).symlink_to(site / name)
    return into


class LambdaProcess:
    """A fresh interpreter that imports the package's handler and answers events on stdin."""

    def __init__(self, package_dir: Path, runtime: Path, environ: dict[str, str]):
        self.package_dir = Path(package_dir)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **environ}
        self.log_path = Path(package_dir).parent / "lambda.log"  # what Lambda would send to CloudWatch
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-S", "-E", str(RUNNER), str(package_dir), str(runtime)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env=env,
                text=True,
            )

    def logs(self) -> str:
        return self.log_path.read_text()

    def invoke(self, event: dict) -> dict:
        """The handler's full answer: {"response": <API Gateway proxy response>, "ms", "since_start_ms"}."""
        self.process.stdin.write(json.dumps(event) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the Lambda process died:\n" + self.logs()[-4000:])
        return json.loads(line)

    def close(self) -> str:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        return self.logs()
