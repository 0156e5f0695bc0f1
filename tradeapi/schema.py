"""The OpenAPI 3 schema (drf-spectacular), read from the views themselves.

Every view is a ``tradeapi.api.ApiView``: its ``serializer_class`` is the request body,
``output_class`` the response, ``row_class`` a page's rows, ``query_class`` the query string.
This AutoSchema turns those into operations, adds the one error shape for each status an
operation can answer, the id formats of path parameters, and the two auth schemes.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.urls import get_script_prefix
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from tradeapi.api import ApiView, NoBody, PageQuery, StrictSerializer
from tradeapi.db import keys

PATH_PATTERNS = {
    "binder_id": keys.BINDER_ID_PATTERN,
    "to_binder_id": keys.BINDER_ID_PATTERN,
    "card_id": keys.CARD_ID_PATTERN,
    "trade_id": keys.TRADE_ID_PATTERN,
    "username": keys.USERNAME_PATTERN,
    "scryfall_id": keys.SCRYFALL_ID_PATTERN,
    "import_id": keys.IMPORT_ID_PATTERN,
}

ERRORS = {
    "400": "The request is not valid: `details` names each field's problem.",
    "401": "Not authenticated: no or an invalid Bearer token or session.",
    "403": "Forbidden: not yours, or your account is suspended.",
    "404": "No such resource (or not one you may see).",
    "409": "Conflicts with the current state: `code` says which (stale_version, not_your_turn, …).",
    "422": "The Idempotency-Key was used before with a different body.",
    "413": "The body is too large.",
    "415": "Unsupported content type: send JSON, a form, or multipart.",
    "429": "Too many requests: wait `Retry-After` seconds.",
    "503": "A backing AWS service is unavailable: retry after `Retry-After` seconds.",
}


class ErrorDetail(serializers.Serializer):
    code = serializers.CharField(help_text="A stable, machine-readable code, e.g. `binder_not_found`.")
    message = serializers.CharField(help_text="What went wrong, for people.")
    details = serializers.JSONField(help_text="Per-field messages for a 400; otherwise context, or {}.")


class Error(serializers.Serializer):
    """The one error shape of every answer that is not a success."""

    error = ErrorDetail()


_pages: dict[type, serializers.Serializer] = {}


def page_of(row_class: type[serializers.Serializer]) -> serializers.Serializer:
    """The page envelope of ``row_class`` rows: results, and the next/previous pages' URLs."""
    if row_class not in _pages:
        _pages[row_class] = inline_serializer(
            name=f"{row_class.__name__.removesuffix('Serializer').removesuffix('Out')}Page",
            fields={
                "results": row_class(many=True),
                "next": serializers.URLField(allow_null=True, help_text="The next page, or null on the last."),
                "previous": serializers.URLField(allow_null=True, help_text="The previous page, or null."),
            },
        )
    return _pages[row_class]


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": "^[!-~]{1,255}$"},
    OpenApiParameter.HEADER,
    description="Retry safely: the same key with the same body within 24 h replays the first answer "
    "(`Idempotent-Replayed: true`); with another body, 422; while the first is still running, 409.",
)

_parameters: dict[type, type] = {}


def _without_cursor(query_class: type[serializers.Serializer]) -> type[serializers.Serializer]:
    if "cursor" not in query_class().fields:
        return query_class
    if query_class not in _parameters:
        _parameters[query_class] = type(query_class.__name__, (query_class,), {"cursor": None})
    return _parameters[query_class]


class AutoSchema(SpectacularAutoSchema):
    def _is_list_view(self, serializer=None) -> bool:
        # Listings name their operation *_list; their page envelope is the response itself, not an array of it.
        return serializer is None and self._reads() and bool(getattr(self.view, "row_class", None))

    def _reads(self) -> bool:
        return self.method in ("GET", "HEAD")

    def get_request_serializer(self):
        if not isinstance(self.view, ApiView):
            return super().get_request_serializer()
        if self._reads() or self.method == "DELETE":
            return None
        serializer_class = self.view.get_serializer_class()
        return None if serializer_class is NoBody else serializer_class

    def get_response_serializers(self):
        view = self.view
        if not isinstance(view, ApiView):
            return super().get_response_serializers()
        if self.method == "DELETE":
            success = {"204": None}
        elif getattr(view, "success_status", None):
            success = {str(view.success_status): getattr(view, "output_class", None)}
        elif self._reads() and getattr(view, "row_class", None):
            success = {"200": page_of(view.row_class)}
        else:
            body = getattr(view, "output_class", None) or view.get_serializer_class()
            success = {"201" if self._is_create_operation() else "200": body}
            if self._is_create_operation() and getattr(view, "merges", False):
                success["200"] = body  # an identical entry grew instead
        return {**success, **{code: Error for code in self._error_codes()}}

    def _is_create_operation(self) -> bool:
        return self.method == "POST" and getattr(self.view, "creates", False)

    def _error_codes(self) -> list[str]:
        codes = {"400", "401", "403", "503"}  # auth endpoints too: wrong credentials, unconfirmed accounts
        query_class = getattr(self.view, "query_class", None)
        names_ids = query_class is not None and bool(set(query_class().fields) & set(PATH_PATTERNS))
        if "{" in self.path or names_ids:
            codes.add("404")
        if not self._reads():
            codes |= {"409", "413", "415"}
        if not self._reads() or self.path.startswith("/api/auth/"):
            codes.add("429")
        if self._idempotent():
            codes |= {"409", "422"}
        return sorted(codes)

    def _idempotent(self) -> bool:
        honours = getattr(self.view, "honours_idempotency_key", None)
        return bool(honours and honours(self.method))

    def get_override_parameters(self):
        parameters = []
        if self._idempotent():
            parameters.append(IDEMPOTENCY_KEY)
        query_class = getattr(self.view, "query_class", None) or (
            PageQuery if getattr(self.view, "row_class", None) else None
        )
        if query_class and self.method in getattr(self.view, "query_methods", ("GET",)):
            # The cursor is opaque: clients follow a page's `next` and `previous` URLs rather than build it.
            parameters.append(_without_cursor(query_class))
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        serializer = force_instance(serializer)
        if direction == "request" and isinstance(serializer, StrictSerializer):
            schema["additionalProperties"] = False  # unknown fields are refused (400), all reported together
            if getattr(serializer, "min_fields", 0):
                schema["minProperties"] = serializer.min_fields
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        text = isinstance(field, serializers.CharField) and schema.get("type") == "string"
        has_pattern = any(isinstance(v, RegexValidator) for v in getattr(field, "validators", []))
        if direction == "request" and text and not has_pattern and "format" not in schema:
            # DRF refuses NUL characters; a trimmed field that may not be blank needs a non-space character.
            needs_text = field.trim_whitespace and not field.allow_blank
            schema["pattern"] = r"^[^\x00]*[^\s\x00][^\x00]*$" if needs_text else r"^[^\x00]*$"
        return schema

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        serializer_class = self.get_request_serializer()
        if body and getattr(serializer_class, "min_fields", 0):
            body["required"] = True
        return body

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            pattern = PATH_PATTERNS.get(parameter["name"])
            if pattern:
                parameter["schema"] = {"type": "string", "pattern": pattern}
        return parameters


class BearerAuthentication(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.CognitoJWTAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A Cognito access token from POST /api/auth/login.",
        }


class SessionAuthentication(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.CognitoSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "A browser session from /accounts/login/; unsafe methods also need the CSRF token "
            f"in the `X-CSRFToken` header (from the `{settings.CSRF_COOKIE_NAME}` cookie).",
        }


def add_links(result, generator, request, public):
    """OpenAPI links from each create operation to the operations on what it created.

    ``POST /api/binders/`` answers a binder whose ``id`` fills ``{binder_id}`` in every
    ``/api/binders/{binder_id}/…`` operation; a client (or schemathesis's stateful phase)
    can follow them.
    """
    paths = result.get("paths", {})
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        outer = {name for name in PATH_PATTERNS if "{" + name + "}" in path}
        links = {}
        for target, target_operations in paths.items():
            if not target.startswith(path) or target == path:
                continue
            rest = target[len(path) :]
            if not rest.startswith("{"):
                continue
            new = rest[1 : rest.index("}")]
            parameters = {new: "$response.body#/id", **{name: f"$request.path.{name}" for name in outer}}
            for operation in target_operations.values():
                links[operation["operationId"]] = {"operationId": operation["operationId"], "parameters": parameters}
        if links:
            created["links"] = links
    prefix = get_script_prefix().rstrip("/")
    if request is not None and prefix:  # under API Gateway's stage: Swagger UI's "Try it out" needs /dev
        result["servers"] = [{"url": prefix}]
    return result
