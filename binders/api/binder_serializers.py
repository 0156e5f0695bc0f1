"""Binder input (strict: unknown and read-only fields are refused) and output shapes."""

from rest_framework import serializers

from binders.domain.binders import NAME_MAX, Binder, Visibility
from tradeapi.api import StrictSerializer

VISIBILITIES = [v.value for v in Visibility]


class BinderIn(StrictSerializer):
    """POST /api/binders/ (and PATCH, partially). id, card_count and timestamps are read-only."""

    name = serializers.CharField(min_length=1, max_length=NAME_MAX)
    description = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")
    visibility = serializers.ChoiceField(choices=VISIBILITIES, required=False, default=Visibility.PRIVATE.value)

    def validate_visibility(self, value):
        return Visibility(value)


class DeleteQuery(serializers.Serializer):
    force = serializers.BooleanField(required=False, default=False)


def binder_out(binder: Binder) -> dict:
    return {
        "id": binder.binder_id,
        "name": binder.name,
        "description": binder.description,
        "visibility": binder.visibility.value,
        "is_default": binder.is_default,
        "card_count": binder.card_count,
        "created_at": binder.created_at,
        "updated_at": binder.updated_at,
    }


def public_binder_out(binder: Binder) -> dict:
    """Another trader's tradeable binder, as a trader choosing cards to ask for sees it."""
    return {name: value for name, value in binder_out(binder).items() if name != "is_default"}
