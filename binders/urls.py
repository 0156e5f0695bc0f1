"""Routes under /api/ for binders and card entries."""

from django.urls import path

from binders.api import binders as binder_views
from binders.api import cards as card_views
from binders.api import values as value_views
from binders.csvio import api as csv_views

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

# CSV import and export (binders.csvio)
urlpatterns += [
    path("binders/<str:binder_id>/imports/", csv_views.BinderImport.as_view(), name="binder-import"),
    path("binders/<str:binder_id>/export", csv_views.BinderExport.as_view(), name="binder-export"),
    path("cards/export", csv_views.CollectionExport.as_view(), name="card-export"),
    path("imports/<str:import_id>/", csv_views.ImportDetail.as_view(), name="import-detail"),
    path("imports/<str:import_id>/resume", csv_views.ImportResume.as_view(), name="import-resume"),
    path("imports/<str:import_id>/failed-rows", csv_views.ImportFailedRows.as_view(), name="import-failed-rows"),
]

# Collection value (binders.api.values; docs/values.md)
urlpatterns += [
    path("binders/<str:binder_id>/value", value_views.BinderValue.as_view(), name="binder-value"),
    path("me/value", value_views.MyValue.as_view(), name="my-value"),
]
