"""API Gateway REST proxy events in AWS's shape, built from AWS's documented sample.

events/apigateway-aws-proxy.json is the sample `sam local generate-event apigateway
aws-proxy` prints (also in the Lambda developer guide); ``rest_event`` changes only
what a real request to our API would change: method, path, stage, headers, body.
"""

import base64
import copy
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SAMPLE = json.loads((Path(__file__).parent / "events" / "apigateway-aws-proxy.json").read_text())
API_HOST = "1234567890.execute-api.us-east-1.amazonaws.com"


def rest_event(
    method: str,
    url: str,
    *,
    stage: str = "dev",
    headers: dict | None = None,
    body: bytes | str | dict | None = None,
    host: str = API_HOST,
) -> dict:
    """The event API Gateway sends for ``method url`` on ``https://host/stage`` (url excludes the stage)."""
    event = copy.deepcopy(SAMPLE)
    parts = urlsplit(url)
    path = parts.path
    sent_headers = {
        key: value for key, value in event["headers"].items() if not key.startswith(("CloudFront-Is", "Cache"))
    }
    sent_headers["Host"] = host
    sent_headers["Accept"] = "application/json"
    if isinstance(body, dict):
        body = json.dumps(body)
        sent_headers["Content-Type"] = "application/json"
    sent_headers.update(headers or {})
    query = parse_qs(parts.query)
    event.update(
        httpMethod=method,
        path=path,
        resource="/{proxy+}" if path != "/" else "/",
        pathParameters={"proxy": path.lstrip("/")} if path != "/" else None,
        stageVariables=None,
        queryStringParameters={key: values[-1] for key, values in query.items()} or None,
        multiValueQueryStringParameters=query or None,
        headers=sent_headers,
        multiValueHeaders={key: [value] for key, value in sent_headers.items()},
    )
    if body is None:
        event.update(body=None, isBase64Encoded=False)
    else:
        raw = body.encode() if isinstance(body, str) else body
        event.update(body=base64.b64encode(raw).decode(), isBase64Encoded=True)
    context = event["requestContext"]
    context.update(
        stage=stage, httpMethod=method, path=f"/{stage}{path}", resourcePath=event["resource"], domainName=host
    )
    return event


def response_body(response: dict) -> bytes:
    body = response.get("body") or ""
    return base64.b64decode(body) if response.get("isBase64Encoded") else body.encode()


def response_json(response: dict):
    return json.loads(response_body(response))
