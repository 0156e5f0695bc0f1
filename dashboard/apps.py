"""The staff moderation dashboard: server-rendered pages under /dashboard/."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Moderation dashboard"
