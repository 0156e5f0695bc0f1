"""Routes under /api/ for binders and card entries."""

from django.urls import path

from binders.api import binders as binder_views
from binders.api import cards as card_views

urlpatterns = [
    path("binders/", binder_views.BinderList.as_view(), name="binder-list"),
    path("binders/<str:binder_id>/", binder_views.BinderDetail.as_view(), name="binder-detail"),
    path("binders/<str:binder_id>/cards/", card_views.BinderCardList.as_view(), name="binder-card-list"),
    path(
        "binders/<str:binder_id>/cards/<str:card_id>/", card_views.BinderCardDetail.as_view(), name="binder-card-detail"
    ),
    path("binders/<str:binder_id>/cards/<str:card_id>/move", card_views.CardMove.as_view(), name="card-move"),
    path("cards/", card_views.CardSearch.as_view(), name="card-search"),
    path("traders/<str:username>/binders/", binder_views.TraderBinderList.as_view(), name="trader-binder-list"),
    path(
        "traders/<str:username>/binders/<str:binder_id>/",
        binder_views.TraderBinderDetail.as_view(),
        name="trader-binder-detail",
    ),
    path(
        "traders/<str:username>/binders/<str:binder_id>/cards/",
        card_views.TraderBinderCardList.as_view(),
        name="trader-binder-card-list",
    ),
    path(
        "traders/<str:username>/binders/<str:binder_id>/cards/<str:card_id>/",
        card_views.TraderBinderCardDetail.as_view(),
        name="trader-binder-card-detail",
    ),
]
