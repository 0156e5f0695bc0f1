"""Card entry endpoints: cards in your binders, moving them, searching them; other traders' tradeable cards."""

from types import SimpleNamespace

from rest_framework import status as http
from rest_framework.response import Response

from binders.api.binders import OwnerInContext
from binders.api.card_serializers import (
    CardSerializer,
    MovedSerializer,
    MoveSerializer,
    PublicCardSerializer,
    SearchQuery,
    printing_named,
)
from binders.services import cards as services
from tradeapi.api import ApiView, link


class BinderCardList(ApiView):
    """The cards in one of your binders, paged; add copies of a printing (POST), merging with an identical entry.

    POST answers 201 with a new entry, 200 with the entry it merged into.
    """

    serializer_class = row_class = CardSerializer
    creates = merges = True
    rate_limit = "card-writes"

    def get(self, request, binder_id):
        query = self.query()
        page = services.card_list(
            owner_sub=request.user.sub, binder_id=binder_id, cursor=query.get("cursor"), limit=query["limit"]
        )
        return Response(self.paged(page))

    def post(self, request, binder_id):
        data = self.input()
        entry, created = services.card_add(
            owner_sub=request.user.sub,
            binder_id=binder_id,
            quantity=data["quantity"],
            notes=data["notes"],
            **printing_named(data),
        )
        location = link("binder-card-detail", request, binder_id=binder_id, card_id=entry.card_id)
        status = http.HTTP_201_CREATED if created else http.HTTP_200_OK
        return Response(self.shaped(entry), status=status, headers={"Location": location})


class BinderCardDetail(ApiView):
    """One entry: read, change (PATCH quantity or notes; the printing and its state are fixed), delete."""

    serializer_class = CardSerializer
    rate_limit = "card-writes"

    def get(self, request, binder_id, card_id):
        entry = services.card_get(owner_sub=request.user.sub, binder_id=binder_id, card_id=card_id)
        return Response(self.shaped(entry))

    def patch(self, request, binder_id, card_id):
        changes = self.input(partial=True)
        entry = services.card_update(
            owner_sub=request.user.sub, binder_id=binder_id, card_id=card_id, changes=dict(changes)
        )
        return Response(self.shaped(entry))

    def delete(self, request, binder_id, card_id):
        services.card_remove(owner_sub=request.user.sub, binder_id=binder_id, card_id=card_id)
        return Response(status=http.HTTP_204_NO_CONTENT)


class CardMove(ApiView):
    """Move copies (`to_binder_id`, `quantity`: default all) to another of your binders: atomic, merging there."""

    serializer_class = MoveSerializer
    rate_limit = "card-writes"
    output_class = MovedSerializer

    def post(self, request, binder_id, card_id):
        data = self.input()
        source, destination = services.card_move(
            owner_sub=request.user.sub,
            binder_id=binder_id,
            card_id=card_id,
            to_binder_id=data["to_binder_id"],
            quantity=data.get("quantity"),
        )
        return Response(self.shaped(SimpleNamespace(source=source, destination=destination)))


class CardSearch(ApiView):
    """Search your collection: `?name=` (a prefix of the normalized name), `&set_code=`, `&binder_id=`, paged."""

    row_class = CardSerializer
    query_class = SearchQuery

    def get(self, request):
        criteria = self.query()
        cursor, limit = criteria.pop("cursor", None), criteria.pop("limit")
        page = services.card_search(owner_sub=request.user.sub, cursor=cursor, limit=limit, **criteria)
        return Response(self.paged(page))


class TraderBinderCardList(OwnerInContext, ApiView):
    """The cards in another trader's tradeable binder (read-only); a private binder is not found."""

    row_class = PublicCardSerializer

    def get(self, request, username, binder_id):
        query = self.query()
        page = services.tradeable_card_list(
            username=username, binder_id=binder_id, cursor=query.get("cursor"), limit=query["limit"]
        )
        return Response(self.paged(page))


class TraderBinderCardDetail(OwnerInContext, ApiView):
    """One card in another trader's tradeable binder (read-only), with the link to ask for it in a trade."""

    output_class = PublicCardSerializer

    def get(self, request, username, binder_id, card_id):
        entry = services.tradeable_card_get(username=username, binder_id=binder_id, card_id=card_id)
        return Response(self.shaped(entry))
