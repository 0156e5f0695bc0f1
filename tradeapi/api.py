"""What every app's API shares: the base view, strict input, enum fields, links and the page envelope."""

from enum import Enum

from django.utils.html import format_html_join
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.reverse import reverse
from rest_framework.utils.urls import remove_query_param, replace_query_param

from tradeapi.guards import WriteGuards
from tradeapi.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page


class StrictSerializer(serializers.Serializer):
    """A serializer that refuses fields it does not declare (and read-only ones), reported together
    with every other field's error."""

    # Sent by the browsable API's HTML forms; not data.
    IGNORED = frozenset({"csrfmiddlewaretoken", "_content_type", "_content"})

    def to_internal_value(self, data):
        refused = {}
        if hasattr(data, "keys"):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            extra = sorted(set(data.keys()) - writable - self.IGNORED)
            refused = {name: ["Unknown or read-only field."] for name in extra}
        if isinstance(data, dict):  # JSON: a text field takes a string, not a number DRF would convert
            for name, field in self.fields.items():
                value = data.get(name)
                textual = isinstance(field, (serializers.CharField, serializers.UUIDField))
                if textual and value is not None and not isinstance(value, str):
                    refused[name] = ["Not a valid string."]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if refused and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **refused}) from None
            raise
        if refused:
            raise serializers.ValidationError(refused)
        return value


class NoBody(StrictSerializer):
    """The body of an action that takes none."""


class EnumField(serializers.ChoiceField):
    """An Enum's values, matched case-insensitively; an error lists the valid ones."""

    def __init__(self, enum: type[Enum], **kwargs):
        self.enum = enum
        kwargs.setdefault("error_messages", {"invalid_choice": f"Must be one of: {', '.join(e.value for e in enum)}."})
        super().__init__(choices=[(e.value, e.value) for e in enum], **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            folded = data.casefold()
            for member in self.enum:
                if member.value.casefold() == folded:
                    return member
        self.fail("invalid_choice", input=data)

    def to_representation(self, value):
        return value.value if isinstance(value, Enum) else value


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """A read-only absolute URL: ``LinkField("binder-detail", lambda binder: {"binder_id": binder.binder_id})``."""

    def __init__(self, view_name: str, kwargs_of, **kwargs):
        self.view_name, self.kwargs_of = view_name, kwargs_of
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return reverse(self.view_name, kwargs=self.kwargs_of(value), request=self.context.get("request"))


def link(view_name: str, request, **kwargs) -> str:
    return reverse(view_name, kwargs=kwargs, request=request)


class PageQuery(serializers.Serializer):
    """?cursor=&limit= (other query parameters, such as the browsable API's ?format=, are ignored).

    ``limit`` defaults to ``default_limit`` (a keyword argument; 50 unless a listing says otherwise).
    """

    cursor = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, *args, default_limit: int = DEFAULT_PAGE_SIZE, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_limit = default_limit

    def to_internal_value(self, data):
        # A query string is not an HTML form: `?role=` is a blank role (refused), not an absent one.
        return super().to_internal_value(data.dict() if hasattr(data, "dict") else data)

    def validate(self, attrs):
        attrs.setdefault("limit", self.default_limit)
        return attrs


def page_links(request, page: Page) -> tuple[str | None, str | None]:
    """The next and previous pages' full URLs: this request's URL with the opaque cursor swapped."""
    url = request.build_absolute_uri()
    next_url = replace_query_param(url, "cursor", page.next_cursor) if page.next_cursor else None
    if page.previous_cursor is None:
        previous_url = None
    elif page.previous_cursor == "":
        previous_url = remove_query_param(url, "cursor")
    else:
        previous_url = replace_query_param(url, "cursor", page.previous_cursor)
    return next_url, previous_url


def valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PageEnvelope:
    """What DRF's browsable API asks of a paginator: where a page's rows are (it shows filter forms
    only on listings it recognises), and the previous/next buttons it draws above them."""

    def __init__(self):
        self.page: dict = {}

    def get_results(self, data):
        self.page = data
        return data["results"]

    @property
    def display_page_controls(self) -> bool:
        return bool(self.page.get("next") or self.page.get("previous"))

    def to_html(self):
        return format_html_join(
            " ",
            '<a class="btn btn-default" href="{}">{}</a>',
            [
                (self.page[key], label)
                for key, label in (("previous", "« Previous"), ("next", "Next »"))
                if self.page.get(key)
            ],
        )

    def get_schema_operation_parameters(self, view):
        return []  # the listing's query serializer documents them


class ApiView(WriteGuards, GenericAPIView):
    """The base of every API view: DRF's generic view (a declared serializer drives the browsable
    API's forms, OPTIONS and the schema) with the write guards of ``tradeapi.guards``.

    ``serializer_class`` shapes the resource both ways: its writable fields are the input (strict),
    all of them the output, links included. ``query_class`` validates the query string.
    """

    serializer_class = NoBody
    output_class: type[serializers.Serializer] | None = None  # when the answer differs from the input
    query_class: type[serializers.Serializer] | None = None
    row_class: type[serializers.Serializer] | None = None  # set on listings: GET answers a page of these

    filter_backends: list = []  # search forms on listings (``to_html``); the query serializer validates

    @property
    def paginator(self):
        if self.row_class and not hasattr(self, "_envelope"):
            self._envelope = PageEnvelope()
        return getattr(self, "_envelope", None)

    def get_queryset(self):
        return None  # DynamoDB, not a Django queryset: the services read

    def query(self, **kwargs) -> dict:
        return valid(self.query_class or PageQuery, self.request.query_params, **kwargs)

    def input(self, **kwargs) -> dict:
        return valid(self.get_serializer_class(), self.request.data, context=self.get_serializer_context(), **kwargs)

    def shaped(self, instance, serializer_class=None, **context):
        """``instance`` as the view's serializer shows it (a ReturnDict: the browsable API pre-fills its forms)."""
        serializer_class = serializer_class or self.output_class or self.get_serializer_class()
        return serializer_class(instance, context={**self.get_serializer_context(), **context}).data

    def paged(self, page: Page, **context) -> dict:
        """A page envelope: results (``row_class``), and next/previous as full URLs."""
        serializer_class = self.row_class or self.output_class or self.get_serializer_class()
        next_url, previous_url = page_links(self.request, page)
        results = serializer_class(page.items, many=True, context={**self.get_serializer_context(), **context}).data
        return {"results": results, "next": next_url, "previous": previous_url}
