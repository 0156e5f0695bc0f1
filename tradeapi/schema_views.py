"""GET /api/schema/ (the OpenAPI schema) and /api/docs/ (Swagger UI from the package, no CDN)."""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import get_script_prefix
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema. Where a pre-built file is configured (on Lambda), it is served as it is."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        prebuilt = getattr(settings, "OPENAPI_SCHEMA_FILE", None)
        if prebuilt and Path(prebuilt).is_file():
            text = Path(prebuilt).read_text()
            prefix = get_script_prefix().rstrip("/")
            if prefix:  # served under API Gateway's stage: the operations live under it too
                text += f"servers:\n- url: {prefix}\n"
            return HttpResponse(text, content_type="application/vnd.oai.openapi")
        return super().get(request, *args, **kwargs)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI; its script is a separate URL (?script), so the page needs no inline script."""
