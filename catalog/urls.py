"""Routes under /api/catalog/."""

from django.urls import path

from catalog import api

urlpatterns = [
    path("catalog/cards/", api.CatalogCardList.as_view(), name="catalog-card-list"),
    path("catalog/cards/<str:scryfall_id>/", api.CatalogCardDetail.as_view(), name="catalog-card-detail"),
    path(
        "catalog/cards/<str:scryfall_id>/printings/", api.CatalogCardPrintings.as_view(), name="catalog-card-printings"
    ),
    path("catalog/sets/", api.CatalogSetList.as_view(), name="catalog-set-list"),
]
