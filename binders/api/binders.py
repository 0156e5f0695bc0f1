"""Binder endpoints: the caller's binders, and other traders' tradeable binders (read-only)."""

from rest_framework import status as http
from rest_framework.response import Response

from binders.api.binder_serializers import BinderSerializer, DeleteQuery, PublicBinderSerializer
from binders.services import binders as services
from tradeapi.api import ApiView, link


class BinderList(ApiView):
    """Your binders, paged (`?cursor=&limit=`, default 50, max 200); create one (POST)."""

    serializer_class = row_class = BinderSerializer
    creates = True

    def get(self, request):
        query = self.query()
        page = services.binder_list(owner_sub=request.user.sub, cursor=query.get("cursor"), limit=query["limit"])
        return Response(self.paged(page))

    def post(self, request):
        binder = services.binder_create(owner_sub=request.user.sub, **self.input())
        location = link("binder-detail", request, binder_id=binder.binder_id)
        return Response(self.shaped(binder), status=http.HTTP_201_CREATED, headers={"Location": location})


class BinderDetail(ApiView):
    """One of your binders: read, change (PATCH name, description, visibility), delete (`?force=true`: with its
    cards)."""

    serializer_class = BinderSerializer
    query_class = DeleteQuery
    query_methods = ("DELETE",)

    def get(self, request, binder_id):
        return Response(self.shaped(services.binder_get(owner_sub=request.user.sub, binder_id=binder_id)))

    def patch(self, request, binder_id):
        changes = self.input(partial=True)
        binder = services.binder_update(owner_sub=request.user.sub, binder_id=binder_id, changes=dict(changes))
        return Response(self.shaped(binder))

    def delete(self, request, binder_id):
        services.binder_delete(owner_sub=request.user.sub, binder_id=binder_id, force=self.query()["force"])
        return Response(status=http.HTTP_204_NO_CONTENT)


class OwnerInContext:
    """Views of another trader's things: their username, from the path, names the links."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "owner": self.kwargs["username"]}


class TraderBinderList(OwnerInContext, ApiView):
    """Another trader's tradeable binders (read-only); their private binders are not listed."""

    row_class = PublicBinderSerializer

    def get(self, request, username):
        query = self.query()
        page = services.tradeable_binder_list(username=username, cursor=query.get("cursor"), limit=query["limit"])
        return Response(self.paged(page))


class TraderBinderDetail(OwnerInContext, ApiView):
    """Another trader's tradeable binder (read-only); a private binder is not found."""

    output_class = PublicBinderSerializer

    def get(self, request, username, binder_id):
        return Response(self.shaped(services.tradeable_binder_get(username=username, binder_id=binder_id)))
