"""Routes under /api/ for binders, cards and trades."""

urlpatterns: list = []
