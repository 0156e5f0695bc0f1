"""Run inside a fresh `python -S` process: act as the Lambda runtime for an unzipped package.

    python -S lambda_runner.py <package dir> <runtime dir>

sys.path is the package, then the runtime's own libraries (boto3, botocore and their
dependencies, which the Lambda python3.13 runtime provides and the package excludes),
then the standard library: no site-packages, so a module missing from the package
fails here as it would in Lambda. Reads one JSON event per line on stdin, writes one
JSON line per response: {"response": ..., "ms": ..., "since_start_ms": ...}. A line
{"snapstart": "before_snapshot"} runs SnapStart's before-snapshot hooks instead, and
{"snapstart": "restore_twice", "event": ...} two restores from this state (snapstart_runtime.py).
"""

import json
import os
import sys
import time

STARTED = time.perf_counter()


class Context:
    """The parts of the Lambda context object Zappa's handler reads."""

    function_name = "tradeapi-dev"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:tradeapi-dev"
    memory_limit_in_mb = 512
    aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    log_group_name = "/aws/lambda/tradeapi-dev"
    log_stream_name = "2026/11/23/[$LATEST]local"

    def get_remaining_time_in_millis(self) -> int:
        return 15000


def main() -> None:
    package_dir, runtime_dir = sys.argv[1], sys.argv[2]
    sys.path[:0] = [package_dir, runtime_dir]
    os.chdir(package_dir)  # Lambda's working directory is the package root (/var/task)
    # Responses go to the original stdout; anything the app or Zappa prints goes to stderr
    # (Lambda sends both to CloudWatch Logs).
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import handler  # Zappa's handler.py at the package root, as Lambda's "handler.lambda_handler"

    for line in sys.stdin:
        event = json.loads(line)
        if "snapstart" in event:  # not an event: play Lambda's SnapStart part (snapstart_runtime.py)
            import snapstart_runtime

            if event["snapstart"] == "before_snapshot":
                answer = snapstart_runtime.before_snapshot()
            else:
                answer = snapstart_runtime.restore_twice(handler, event["event"], Context())
            out.write(json.dumps({"snapstart": answer}, default=str) + "\n")
            out.flush()
            continue
        began = time.perf_counter()
        response = handler.lambda_handler(event, Context())
        ended = time.perf_counter()
        out.write(
            json.dumps({"response": response, "ms": (ended - began) * 1000, "since_start_ms": (ended - STARTED) * 1000})
            + "\n"
        )
        out.flush()


if __name__ == "__main__":
    main()
