"""What operators see: one JSON log line per request, request ids on every line, EMF metrics (docs/operations.md).

- ``context``: the request being served (its ids and counters), in a contextvar;
- ``logs``: the JSON and plain formatters and the filter that stamps every line with the request's ids;
- ``metrics``: CloudWatch embedded metric format documents, and ``count()`` for business events;
- ``middleware``: times each request, sets ``X-Request-Id``, writes the request line with its metrics.
"""
