"""Binders as the API shows and takes them: one serializer each way (input is strict), with links."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from binders.domain.binders import NAME_MAX, Visibility
from tradeapi.api import EnumField, LinkField, StrictSerializer, link


def _binder(binder) -> dict:
    return {"binder_id": binder.binder_id}


class BinderSerializer(StrictSerializer):
    """A binder of yours. POST creates one; PATCH changes name, description or visibility."""

    url = LinkField("binder-detail", _binder)
    id = serializers.CharField(source="binder_id", read_only=True)
    name = serializers.CharField(min_length=1, max_length=NAME_MAX)
    description = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")
    visibility = EnumField(Visibility, required=False, default=Visibility.PRIVATE)
    is_default = serializers.BooleanField(read_only=True)
    card_count = serializers.IntegerField(read_only=True)
    cards = LinkField("binder-card-list", _binder, help_text="The cards in this binder (GET), add one (POST).")
    created_at = serializers.CharField(read_only=True)
    updated_at = serializers.CharField(read_only=True)


class PublicBinderSerializer(serializers.Serializer):
    """Another trader's tradeable binder, as a trader choosing cards to ask for sees it."""

    url = serializers.SerializerMethodField()
    id = serializers.CharField(source="binder_id", read_only=True)
    owner = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    visibility = EnumField(Visibility, read_only=True)
    card_count = serializers.IntegerField(read_only=True)
    cards = serializers.SerializerMethodField(help_text="The cards you may ask for in a trade.")
    created_at = serializers.CharField(read_only=True)
    updated_at = serializers.CharField(read_only=True)

    def get_owner(self, binder) -> str:
        return self.context["owner"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, binder) -> str:
        request, owner = self.context.get("request"), self.context["owner"]
        return link("trader-binder-detail", request, username=owner, binder_id=binder.binder_id)

    @extend_schema_field(OpenApiTypes.URI)
    def get_cards(self, binder) -> str:
        request, owner = self.context.get("request"), self.context["owner"]
        return link("trader-binder-card-list", request, username=owner, binder_id=binder.binder_id)


class DeleteQuery(serializers.Serializer):
    force = serializers.BooleanField(required=False, default=False)
