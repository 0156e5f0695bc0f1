"""Binder endpoints: the caller's binders, and other traders' tradeable binders (read-only)."""

from rest_framework import status as http
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from binders.api.binder_serializers import BinderIn, DeleteQuery, binder_out, public_binder_out
from binders.services import binders as services
from tradeapi.api import PageQuery, page_out, valid


class BinderList(APIView):
    """Your binders (GET ?cursor=&limit=, default 50, max 200); create one (POST {name, description, visibility})."""

    def get_serializer(self, *args, **kwargs):  # the browsable API's form
        return BinderIn(*args, **kwargs)

    def get(self, request):
        query = valid(PageQuery, request.query_params)
        page = services.binder_list(owner_sub=request.user.sub, cursor=query.get("cursor"), limit=query["limit"])
        return Response(page_out(page, binder_out))

    def post(self, request):
        data = valid(BinderIn, request.data)
        binder = services.binder_create(owner_sub=request.user.sub, **data)
        location = reverse("binder-detail", kwargs={"binder_id": binder.binder_id}, request=request)
        return Response(binder_out(binder), status=http.HTTP_201_CREATED, headers={"Location": location})


class BinderDetail(APIView):
    """One of your binders: read, change (PATCH name/description/visibility), delete (?force=true with its cards)."""

    def get_serializer(self, *args, **kwargs):
        return BinderIn(*args, partial=True, **kwargs)

    def get(self, request, binder_id):
        return Response(binder_out(services.binder_get(owner_sub=request.user.sub, binder_id=binder_id)))

    def patch(self, request, binder_id):
        changes = valid(BinderIn, request.data, partial=True)
        binder = services.binder_update(owner_sub=request.user.sub, binder_id=binder_id, changes=dict(changes))
        return Response(binder_out(binder))

    def delete(self, request, binder_id):
        query = valid(DeleteQuery, request.query_params)
        services.binder_delete(owner_sub=request.user.sub, binder_id=binder_id, force=query["force"])
        return Response(status=http.HTTP_204_NO_CONTENT)


class TraderBinderList(APIView):
    """Another trader's tradeable binders (read-only); their private binders are not listed."""

    def get(self, request, username):
        query = valid(PageQuery, request.query_params)
        page = services.tradeable_binder_list(username=username, cursor=query.get("cursor"), limit=query["limit"])
        return Response(page_out(page, public_binder_out))
