"""Template filters for the dashboard."""

from django import template

register = template.Library()


@register.filter
def when(iso: str) -> str:
    """``2026-11-23T07:28:36.123456Z`` → ``2026-11-23 07:28:36`` (UTC)."""
    return (iso or "")[:19].replace("T", " ")
