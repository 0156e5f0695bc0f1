"""Render a dashboard page with what every page needs (the user: there is no django.contrib.auth)."""

from django.shortcuts import render


def render_page(request, template: str, context: dict, status: int = 200):
    return render(request, f"dashboard/{template}", {"user": request.user, **context}, status=status)
