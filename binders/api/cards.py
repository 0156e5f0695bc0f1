"""Card entry endpoints: cards in your binders, moving them, searching them; other traders' tradeable cards."""

from rest_framework import status as http
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from binders.api.card_serializers import CardIn, MoveIn, SearchQuery, card_out, printing_of, public_card_out
from binders.services import cards as services
from tradeapi.api import PageQuery, page_out, valid


class BinderCardList(APIView):
    """The cards in one of your binders (GET, paged); add copies of a printing (POST), merging with an identical entry.

    POST answers 201 with a new entry, 200 with the entry it merged into.
    """

    def get_serializer(self, *args, **kwargs):
        return CardIn(*args, **kwargs)

    def get(self, request, binder_id):
        query = valid(PageQuery, request.query_params)
        page = services.card_list(
            owner_sub=request.user.sub, binder_id=binder_id, cursor=query.get("cursor"), limit=query["limit"]
        )
        return Response(page_out(page, card_out))

    def post(self, request, binder_id):
        data = valid(CardIn, request.data)
        entry, created = services.card_add(
            owner_sub=request.user.sub,
            binder_id=binder_id,
            printing=printing_of(data),
            quantity=data["quantity"],
            notes=data["notes"],
        )
        location = reverse(
            "binder-card-detail", kwargs={"binder_id": binder_id, "card_id": entry.card_id}, request=request
        )
        return Response(
            card_out(entry),
            status=http.HTTP_201_CREATED if created else http.HTTP_200_OK,
            headers={"Location": location},
        )


class BinderCardDetail(APIView):
    """One entry: read, change (PATCH quantity, name, notes, scryfall_id; identity fields are fixed), delete."""

    def get_serializer(self, *args, **kwargs):
        return CardIn(*args, partial=True, **kwargs)

    def get(self, request, binder_id, card_id):
        entry = services.card_get(owner_sub=request.user.sub, binder_id=binder_id, card_id=card_id)
        return Response(card_out(entry))

    def patch(self, request, binder_id, card_id):
        changes = valid(CardIn, request.data, partial=True)
        entry = services.card_update(
            owner_sub=request.user.sub, binder_id=binder_id, card_id=card_id, changes=dict(changes)
        )
        return Response(card_out(entry))

    def delete(self, request, binder_id, card_id):
        services.card_remove(owner_sub=request.user.sub, binder_id=binder_id, card_id=card_id)
        return Response(status=http.HTTP_204_NO_CONTENT)


class CardMove(APIView):
    """Move copies {to_binder_id, quantity (default all)} to another of your binders: atomic, merging there."""

    def get_serializer(self, *args, **kwargs):
        return MoveIn(*args, **kwargs)

    def post(self, request, binder_id, card_id):
        data = valid(MoveIn, request.data)
        source, destination = services.card_move(
            owner_sub=request.user.sub,
            binder_id=binder_id,
            card_id=card_id,
            to_binder_id=data["to_binder_id"],
            quantity=data.get("quantity"),
        )
        return Response({"from": card_out(source) if source else None, "to": card_out(destination)})


class CardSearch(APIView):
    """Search your collection: ?name= (prefix of the normalized name), &set_code=, &binder_id=, paged."""

    def get(self, request):
        query = valid(PageQuery, request.query_params)
        criteria = valid(SearchQuery, request.query_params)
        page = services.card_search(
            owner_sub=request.user.sub, cursor=query.get("cursor"), limit=query["limit"], **criteria
        )
        return Response(page_out(page, card_out))


class TraderBinderCardList(APIView):
    """The cards in another trader's tradeable binder (read-only); a private binder is not found."""

    def get(self, request, username, binder_id):
        query = valid(PageQuery, request.query_params)
        page = services.tradeable_card_list(
            username=username, binder_id=binder_id, cursor=query.get("cursor"), limit=query["limit"]
        )
        return Response(page_out(page, public_card_out))
