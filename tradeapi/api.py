"""Shapes shared by the collections API: the page query and the page envelope."""

from rest_framework import serializers

from tradeapi.db.cursors import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


class PageQuery(serializers.Serializer):
    """?cursor=&limit= (other query parameters, such as the browsable API's ?format=, are ignored)."""

    cursor = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE)


def page_out(page, shape) -> dict:
    return {"results": [shape(item) for item in page.items], "next": page.next_cursor}


def valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
