"""Routes under /api/ for accounts (auth endpoints, /api/me)."""

urlpatterns: list = []
