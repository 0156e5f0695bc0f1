"""Static file URLs under the current request's script prefix (API Gateway's /<stage>), for whitenoise.

Django adds the script prefix to STATIC_URL once, on first access, and caches it. Under
Zappa one process serves requests both with a stage prefix (https://<id>.execute-api...
/dev/...) and without (a custom domain), and the first access happens before any request,
so every `{% static %}` URL would lack /dev. This storage asks for the prefix per URL.
Whitenoise matches request.path_info, which never includes the prefix, so it serves
/dev/static/x and /static/x alike.
"""

from django.conf import settings
from django.urls import get_script_prefix
from whitenoise.storage import CompressedStaticFilesStorage


class StagePrefixedStaticFilesStorage(CompressedStaticFilesStorage):
    @property
    def base_url(self) -> str:
        static_url = settings._wrapped.STATIC_URL  # as configured ("static/"), not Django's cached prefixed copy
        if static_url.startswith(("/", "http://", "https://")):
            return static_url
        return get_script_prefix() + static_url
