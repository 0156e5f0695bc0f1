"""Routes under /dashboard/."""

from django.urls import path

from dashboard.views import actions, pages

app_name = "dashboard"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("trades/", pages.queue, name="queue"),
    path("trades/reported/", pages.reported, name="reported"),
    path("trades/<str:trade_id>/", pages.trade_detail, name="trade"),
    path("trades/<str:trade_id>/<str:action>/", actions.trade_action, name="trade-action"),
    path("users/", pages.users, name="users"),
    path("users/<str:username>/", pages.user_detail, name="user"),
    path("users/<str:username>/<str:action>/", actions.user_action, name="user-action"),
    path("audit/", pages.audit, name="audit"),
]
