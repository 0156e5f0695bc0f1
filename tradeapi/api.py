"""Shapes every app's API shares: the strict input serializer, the page query and the page envelope."""

from rest_framework import serializers

from tradeapi.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


class StrictSerializer(serializers.Serializer):
    """A serializer that refuses fields it does not declare (and read-only ones)."""

    # Sent by the browsable API's HTML forms; not data.
    IGNORED = frozenset({"csrfmiddlewaretoken"})

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data.keys()) - writable - self.IGNORED)
            if unknown:
                raise serializers.ValidationError({name: ["Unknown or read-only field."] for name in unknown})
        return super().to_internal_value(data)


class PageQuery(serializers.Serializer):
    """?cursor=&limit= (other query parameters, such as the browsable API's ?format=, are ignored).

    ``limit`` defaults to ``default_limit`` (a keyword argument; 50 unless a listing says otherwise).
    """

    cursor = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, *args, default_limit: int = DEFAULT_PAGE_SIZE, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_limit = default_limit

    def validate(self, attrs):
        attrs.setdefault("limit", self.default_limit)
        return attrs


def page_out(page, shape) -> dict:
    return {"results": [shape(item) for item in page.items], "next": page.next_cursor}


def valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
