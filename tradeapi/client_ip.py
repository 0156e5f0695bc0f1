"""The client's address, from something the client cannot write.

- On Lambda, API Gateway's view of the connection, from the event Zappa puts in the
  WSGI environ (``lambda.event``): ``requestContext.identity.sourceIp`` (REST API,
  payload 1.0) or ``requestContext.http.sourceIp`` (HTTP API, payload 2.0). Zappa's
  ``REMOTE_ADDR`` is built from ``X-Forwarded-For``, which the client writes, so it is
  never used there.
- Elsewhere (the dev server, tests), ``REMOTE_ADDR``.
- ``X-Forwarded-For`` only when ``TRUSTED_PROXY_COUNT`` proxies of ours sit in front:
  each appends the address it was reached from, so the client is the entry that many
  places left of the direct peer; anything further left was written by the client.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "unknown"
IPV6_PREFIX = 64  # one client usually holds a whole /64: limits count the network, not the address


def client_ip(request) -> str:
    """The client's IP address (normalized), or ``"unknown"``."""
    meta = request.META
    event = meta.get("lambda.event")
    if isinstance(event, dict):
        peer = _source_ip(event)  # a Lambda event without one did not come through API Gateway
    else:
        peer = meta.get("REMOTE_ADDR", "")
    trusted = max(0, int(getattr(settings, "TRUSTED_PROXY_COUNT", 0)))
    if trusted:
        chain = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        chain.append(peer)
        peer = chain[-(trusted + 1)] if len(chain) > trusted else chain[0]
    return _normalized(peer)


def client_ident(request) -> str:
    """What per-IP limits count: ``ip:<address>``, an IPv6 address as its /64 network."""
    address = client_ip(request)
    if ":" in address:
        address = str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return f"ip:{address}"


def _source_ip(event: dict) -> str:
    context = event.get("requestContext")
    if not isinstance(context, dict):
        return ""
    for part in ("http", "identity"):  # HTTP API (2.0), REST API (1.0)
        found = context.get(part)
        if isinstance(found, dict) and found.get("sourceIp"):
            return str(found["sourceIp"])
    return ""


def _normalized(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip().split("%", 1)[0]))
    except ValueError:
        return UNKNOWN
