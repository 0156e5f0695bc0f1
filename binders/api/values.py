"""Collection value endpoints: a binder's and the whole collection's worth, in the caller's currency."""

from rest_framework import serializers
from rest_framework.response import Response

from accounts import suspension
from binders.services import values as services
from tradeapi.api import ApiView


class TotalOut(serializers.Serializer):
    amount = serializers.CharField(help_text='The priced entries\' value, e.g. "12.34" (unpriced ones count 0).')
    currency = serializers.CharField()
    priced = serializers.IntegerField()
    unpriced = serializers.IntegerField()
    oldest_price_date = serializers.CharField(allow_null=True)
    stale = serializers.BooleanField(help_text="Some price used is more than 48 hours old.")


class EntriesOut(serializers.Serializer):
    priced = serializers.IntegerField()
    unpriced = serializers.IntegerField()
    unpriced_by_reason = serializers.DictField(
        child=serializers.IntegerField(), help_text="no_price_for_finish, no_price_in_currency, not_in_catalog"
    )


class CollectionValueOut(serializers.Serializer):
    currency = serializers.CharField(help_text="Your profile's currency (PATCH /api/me to change it).")
    total = TotalOut()
    entries = EntriesOut()
    copies = serializers.IntegerField()
    oldest_price_date = serializers.CharField(allow_null=True, help_text="The oldest price date used.")
    stale = serializers.BooleanField()
    source = serializers.CharField(help_text="Where the prices come from.")
    computed_at = serializers.CharField()
    cached = serializers.BooleanField(help_text="Answered from the cache (valid until a card or price changes).")


class BinderValueOut(CollectionValueOut):
    binder_id = serializers.CharField()


class MyValueOut(CollectionValueOut):
    binders = serializers.IntegerField()


class BinderValue(ApiView):
    """What one of your binders is worth: the total in your currency, priced and unpriced entries, the
    oldest price date used. Cached until a card in the binder or a catalog price changes."""

    output_class = BinderValueOut

    def get(self, request, binder_id):
        currency = suspension.currency_of(request.user.sub)
        value = services.binder_value(owner_sub=request.user.sub, binder_id=binder_id, currency=currency)
        return Response(self.shaped(value))


class MyValue(ApiView):
    """What your whole collection (every binder) is worth, in your currency. Cached until a card in any
    binder or a catalog price changes."""

    output_class = MyValueOut

    def get(self, request):
        currency = suspension.currency_of(request.user.sub)
        return Response(self.shaped(services.my_collection_value(owner_sub=request.user.sub, currency=currency)))
