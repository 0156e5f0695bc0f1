"""Who may see the dashboard: staff only; anonymous visitors go to the login page, others get a 403 page."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, resolve_url
from django.views.decorators.cache import never_cache

from dashboard.rendering import render_page


def staff_required(view):
    @never_cache
    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if not getattr(user, "is_authenticated", False):
            query = urlencode({"next": request.get_full_path()}, safe="/")
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{query}")
        if not getattr(user, "is_staff", False):
            return render_page(request, "403.html", {"title": "Forbidden"}, status=403)
        return view(request, *args, **kwargs)

    return guarded
