"""Routes under /api/ for binders, cards and trades."""

from django.urls import path

from trades.api import binders as binder_views
from trades.api import cards as card_views
from trades.api import trades as trade_views

urlpatterns: list = []

# Collections: binders and cards (issue 4).
urlpatterns += [
    path("binders/", binder_views.BinderList.as_view(), name="binder-list"),
    path("binders/<str:binder_id>/", binder_views.BinderDetail.as_view(), name="binder-detail"),
    path("binders/<str:binder_id>/cards/", card_views.BinderCardList.as_view(), name="binder-card-list"),
    path("binders/<str:binder_id>/cards/<str:card_id>/", card_views.BinderCardDetail.as_view(),
         name="binder-card-detail"),
    path("binders/<str:binder_id>/cards/<str:card_id>/move", card_views.CardMove.as_view(), name="card-move"),
    path("cards/", card_views.CardSearch.as_view(), name="card-search"),
    path("traders/<str:username>/binders/", binder_views.TraderBinderList.as_view(), name="trader-binder-list"),
    path("traders/<str:username>/binders/<str:binder_id>/cards/", card_views.TraderBinderCardList.as_view(),
         name="trader-binder-card-list"),
]

# Trades (issue 5).
urlpatterns += [
    path("trades/", trade_views.TradeList.as_view(), name="trade-list"),
    path("trades/<str:trade_id>/", trade_views.TradeDetail.as_view(), name="trade-detail"),
    path("trades/<str:trade_id>/events/", trade_views.TradeEvents.as_view(), name="trade-events"),
    path("trades/<str:trade_id>/counter", trade_views.TradeCounter.as_view(), name="trade-counter"),
    path("trades/<str:trade_id>/accept", trade_views.TradeAccept.as_view(), name="trade-accept"),
    path("trades/<str:trade_id>/decline", trade_views.TradeDecline.as_view(), name="trade-decline"),
    path("trades/<str:trade_id>/cancel", trade_views.TradeCancel.as_view(), name="trade-cancel"),
]
