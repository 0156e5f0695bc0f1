"""Routes under /api/ for trades."""

from django.urls import path

from trades.api import views

urlpatterns = [
    path("trades/", views.TradeList.as_view(), name="trade-list"),
    path("trades/<str:trade_id>/", views.TradeDetail.as_view(), name="trade-detail"),
    path("trades/<str:trade_id>/events/", views.TradeEvents.as_view(), name="trade-events"),
    path("trades/<str:trade_id>/counter", views.TradeCounter.as_view(), name="trade-counter"),
    path("trades/<str:trade_id>/accept", views.TradeAccept.as_view(), name="trade-accept"),
    path("trades/<str:trade_id>/decline", views.TradeDecline.as_view(), name="trade-decline"),
    path("trades/<str:trade_id>/cancel", views.TradeCancel.as_view(), name="trade-cancel"),
]
