"""Django settings for tradeapi, read from environment variables.

Every variable is listed in README.md ("Configuration"). Defaults work locally;
TRADEAPI_PRODUCTION=true turns on the production checks, which refuse to start
on an unsafe configuration.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from tradeapi.env import env_bool, env_int, env_list, env_str
from tradeapi.production_checks import DEFAULT_SECRET_KEY, ProductionConfig, production_problems

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_bool("TRADEAPI_PRODUCTION", False)
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,.execute-api.us-east-1.amazonaws.com")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

# --- AWS -------------------------------------------------------------------
AWS_REGION = env_str("AWS_REGION", env_str("AWS_DEFAULT_REGION", "us-east-1"))
# Unset means real AWS. `make run` and the tests point it at the embedded emulator.
AWS_ENDPOINT_URL = env_str("AWS_ENDPOINT_URL") or None
AWS_CONNECT_TIMEOUT = env_int("AWS_CONNECT_TIMEOUT", 2)
AWS_READ_TIMEOUT = env_int("AWS_READ_TIMEOUT", 5)
AWS_MAX_ATTEMPTS = env_int("AWS_MAX_ATTEMPTS", 3)
AWS_MAX_POOL_CONNECTIONS = env_int("AWS_MAX_POOL_CONNECTIONS", 20)

TABLE_NAME = env_str("TRADEAPI_TABLE", "tradeapi-local")
CACHE_TABLE_NAME = env_str("TRADEAPI_CACHE_TABLE", "tradeapi-cache-local")
KMS_KEY_ID = env_str("TRADEAPI_KMS_KEY_ID") or None
# Signs pagination cursors so a tampered cursor is refused; defaults to SECRET_KEY.
CURSOR_SIGNING_KEY = env_str("TRADEAPI_CURSOR_KEY") or SECRET_KEY
TRADE_EXPIRY_DAYS = env_int("TRADE_EXPIRY_DAYS", 14)
# How long each process trusts its copy of a trader's suspension flag (the API answers 403 within it).
SUSPENSION_CACHE_SECONDS = env_int("SUSPENSION_CACHE_SECONDS", 30)
# Values (docs/values.md): condition factors as text (Decimal, never float), "NM=1.00,LP=0.85,..."; the
# lopsided flag: the smaller side under LOPSIDED_FRACTION of the larger, the larger above LOPSIDED_MINIMUM,
# both in LOPSIDED_CURRENCY (the currency staff and the dashboard see values in).
VALUE_CONDITION_FACTORS = dict(
    pair.split("=", 1) for pair in env_list("VALUE_CONDITION_FACTORS", "NM=1.00,LP=0.85,MP=0.70,HP=0.50,DMG=0.30")
)
LOPSIDED_FRACTION = env_str("LOPSIDED_FRACTION", "0.5")
LOPSIDED_MINIMUM = env_str("LOPSIDED_MINIMUM", "10.00")
LOPSIDED_CURRENCY = env_str("LOPSIDED_CURRENCY", "USD")
# How long a collection's value stays cached (a binder change or a price import invalidates it sooner).
COLLECTION_VALUE_CACHE_SECONDS = env_int("COLLECTION_VALUE_CACHE_SECONDS", 24 * 60 * 60)

# --- Cognito ---------------------------------------------------------------
COGNITO_USER_POOL_ID = env_str("COGNITO_USER_POOL_ID", "us-east-1_local")
COGNITO_APP_CLIENT_ID = env_str("COGNITO_APP_CLIENT_ID", "local-client")
COGNITO_APP_CLIENT_SECRET = env_str("COGNITO_APP_CLIENT_SECRET") or None
# Tokens from any of these app clients are accepted (the login client is always one).
COGNITO_APP_CLIENT_IDS = env_list("COGNITO_APP_CLIENT_IDS") or [COGNITO_APP_CLIENT_ID]
COGNITO_ISSUER = env_str("COGNITO_ISSUER") or f"https://cognito-idp.{AWS_REGION}.amazonaws.com/{COGNITO_USER_POOL_ID}"
COGNITO_JWKS_URL = env_str("COGNITO_JWKS_URL") or f"{COGNITO_ISSUER}/.well-known/jwks.json"
# The JWKS supplied at deploy time (inline JSON or a file path), so a cold Lambda needs no fetch.
COGNITO_JWKS = env_str("COGNITO_JWKS") or None
COGNITO_JWKS_FILE = env_str("COGNITO_JWKS_FILE") or None
COGNITO_STAFF_GROUP = env_str("COGNITO_STAFF_GROUP", "staff")
COGNITO_AUTO_CONFIRM = env_bool("COGNITO_AUTO_CONFIRM", not PRODUCTION)
COGNITO_ACCEPT_ID_TOKENS = env_bool("COGNITO_ACCEPT_ID_TOKENS", False)
JWT_LEEWAY_SECONDS = env_int("JWT_LEEWAY_SECONDS", 5)
JWKS_REFETCH_INTERVAL_SECONDS = env_int("JWKS_REFETCH_INTERVAL_SECONDS", 10)
# Requests per client IP to each /api/auth/ endpoint ("20/minute"); empty turns the limit off.
AUTH_THROTTLE_RATE = env_str("AUTH_THROTTLE_RATE", "20/minute") or None

# --- Write guards: rate limits, Idempotency-Key, client IP (docs/security.md) ----
# Fixed-window limits, each "<count>/<unit>" (second, minute, hour, day; "5/10minute") or "" (off),
# counted atomically in the main table. "auth" is per client IP and endpoint; the others per trader.
RATE_LIMITS = {
    "auth": AUTH_THROTTLE_RATE or "",
    "trade-proposals": env_str("RATE_LIMIT_TRADE_PROPOSALS", "30/hour"),  # proposals and counters
    "card-writes": env_str("RATE_LIMIT_CARD_WRITES", "120/minute"),  # add, change, move, remove card entries
    "reports": env_str("RATE_LIMIT_REPORTS", "20/day"),
    "writes": env_str("RATE_LIMIT_WRITES", "120/minute"),  # every other write
}
# Proxies of ours in front of the app that append to X-Forwarded-For (0: trust none of it).
TRUSTED_PROXY_COUNT = env_int("TRADEAPI_TRUSTED_PROXIES", 0)
IDEMPOTENCY_TTL_SECONDS = env_int("IDEMPOTENCY_TTL_SECONDS", 24 * 60 * 60)
# How long a request holds its key before a retry may take it over (well past the Lambda timeout).
IDEMPOTENCY_LEASE_SECONDS = env_int("IDEMPOTENCY_LEASE_SECONDS", 60)
# Request bodies: at most this many bytes (413) and this deep a JSON document (400).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)  # Django's default, 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 32)

if PRODUCTION:
    _inline = COGNITO_JWKS
    if COGNITO_JWKS_FILE and Path(COGNITO_JWKS_FILE).is_file():
        _inline = Path(COGNITO_JWKS_FILE).read_text()
    _problems = production_problems(
        ProductionConfig(
            debug=DEBUG,
            secret_key=SECRET_KEY,
            aws_endpoint_url=AWS_ENDPOINT_URL,
            jwks_url=COGNITO_JWKS_URL,
            inline_jwks=_inline,
        )
    )
    if _problems:
        raise ImproperlyConfigured("Refusing to start in production mode: " + "; ".join(_problems))

# --- Django ----------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tradeapi",
    "accounts",
    "catalog",
    "binders",
    "trades",
    "moderation",
    "dashboard",
]

MIDDLEWARE = [
    "tradeapi.observability.middleware.RequestLogMiddleware",  # outermost: request ids, the request line, metrics
    "tradeapi.json_errors.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # answers preflights before anything else runs
    "csp.middleware.CSPMiddleware",
    "tradeapi.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.SessionUserMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tradeapi.middleware.AwsFaultMiddleware",
]

ROOT_URLCONF = "tradeapi.urls"
WSGI_APPLICATION = "tradeapi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of DRF's browsable API templates (before rest_framework's own): no inline script or style.
        "DIRS": [BASE_DIR / "tradeapi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
            ],
        },
    },
]

# No relational database anywhere: all state lives in DynamoDB.
DATABASES: dict = {}

CACHES = {
    "default": {
        "BACKEND": "tradeapi.cache.DynamoDBCache",
        "LOCATION": CACHE_TABLE_NAME,
        "TIMEOUT": 300,
        "KEY_PREFIX": "tradeapi",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# The browser login page (also DRF's rest_framework:login, so the browsable API links to it).
LOGIN_URL = "rest_framework:login"
LOGIN_REDIRECT_URL = "api-root"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None

# --- Security headers (docs/security.md) --------------------------------------
# Production: HTTPS only (API Gateway serves nothing else; the redirect covers a proxy that would),
# and browsers remember it for a year. Referrer-Policy, nosniff, COOP and X-Frame-Options DENY are
# Django's defaults; tradeapi.middleware adds Permissions-Policy and no-store for authenticated answers.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# Preloading commits a whole registrable domain to HTTPS in browsers' source code: only on a domain
# we own (a custom domain), never on AWS's execute-api host. Hence security.W021 is silenced until set.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy on every response (django-csp): scripts, styles and everything else
# only from our own origin (static files), no inline script or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://cards.scryfall.io"],  # card images from Scryfall's CDN
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- CORS (django-cors-headers): browsers on these origins may call /api/ with Bearer tokens ----
# Comma-separated origins ("https://app.example.com"); none by default. No cookies cross origins.
CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS")
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "idempotency-key"]
CORS_EXPOSE_HEADERS = ["Location", "Retry-After", "RateLimit", "RateLimit-Policy", "Idempotent-Replayed"]
CORS_PREFLIGHT_MAX_AGE = 600

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    # Relative STATIC_URL + this storage: /dev/static/... under the API Gateway stage, /static/... elsewhere.
    "staticfiles": {"BACKEND": "tradeapi.staticfiles.StagePrefixedStaticFilesStorage"},
}
# Locally and in tests (DEBUG), whitenoise serves straight from the app directories; the
# Lambda package carries `collectstatic` output in STATIC_ROOT (Makefile: package).
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "tradeapi.renderers.BrowsableAPIRenderer",
    ],
    # JSON first; forms for the browsable API. Each refuses oversized, too deep or invalid-Unicode bodies.
    "DEFAULT_PARSER_CLASSES": [
        "tradeapi.parsers.JSONParser",
        "tradeapi.parsers.FormParser",
        "tradeapi.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.CognitoJWTAuthentication",
        "accounts.authentication.CognitoSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "accounts.suspension.NotSuspended"],
    "UNAUTHENTICATED_USER": "accounts.users.AnonymousTrader",
    "EXCEPTION_HANDLER": "tradeapi.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "tradeapi.schema.AutoSchema",
}

# --- Logs and metrics (docs/operations.md) ----------------------------------------------
# JSON lines on Lambda (one object per line, with the request's ids; the request line carries the
# EMF metrics), readable text locally. TRADEAPI_VERSION is set at deploy (the commit).
ON_LAMBDA = bool(env_str("AWS_LAMBDA_FUNCTION_NAME"))
LOG_FORMAT = env_str("TRADEAPI_LOG_FORMAT", "json" if ON_LAMBDA else "plain")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"TRADEAPI_LOG_FORMAT={LOG_FORMAT!r} is neither 'json' nor 'plain'")
APP_VERSION = env_str("TRADEAPI_VERSION") or "dev"
METRICS_NAMESPACE = env_str("TRADEAPI_METRICS_NAMESPACE", "tradeapi")
METRICS_SERVICE = env_str("AWS_LAMBDA_FUNCTION_NAME") or "tradeapi-local"  # the Service dimension

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "tradeapi.observability.logs.RequestContextFilter"}},
    "formatters": {
        "plain": {"()": "tradeapi.observability.logs.PlainFormatter"},
        "json": {"()": "tradeapi.observability.logs.JsonFormatter"},
    },
    # stderr: Lambda sends it to CloudWatch like stdout (the package test reads it there).
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request line carries the metrics: it stays on whatever LOG_LEVEL says.
        "tradeapi.requests": {"level": "INFO"},
        # Django's own console handler (DEBUG only) would print django.request lines a second time, unformatted.
        "django": {"handlers": [], "level": "INFO"},
        # botocore at DEBUG logs request bodies (passwords sent to Cognito); Zappa's handler at DEBUG logs
        # whole events (Authorization headers, bodies) and its access line duplicates the request line.
        "botocore": {"level": "WARNING"},
        "zappa": {"level": "WARNING"},
        "zappa.handler": {"level": "WARNING"},
        "django_dynamodb_cache": {"level": "WARNING"},
        "werkzeug": {"level": "WARNING"},
    },
}

# The OpenAPI schema (drf-spectacular) and its docs page, served from the package (no CDN).
SPECTACULAR_SETTINGS = {
    "TITLE": "tradeapi",
    "DESCRIPTION": "A back office and API for trading Magic: The Gathering cards. Every error has one shape: "
    '`{"error": {"code", "message", "details"}}`.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Binders' entries and the catalog share the finishes and languages: one enum each in the schema.
    "ENUM_NAME_OVERRIDES": {"FinishEnum": "catalog.domain.FINISHES", "LanguageEnum": "catalog.domain.LANGUAGES"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The API speaks JSON; form and multipart bodies are for the browsable API's HTML forms.
    "PARSER_WHITELIST": ["tradeapi.parsers.JSONParser"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "tradeapi.schema.add_links"],
}
# On Lambda the schema is the pre-built file (docs/openapi.yaml, in the package), not generated per request.
OPENAPI_SCHEMA_FILE = BASE_DIR / "docs" / "openapi.yaml" if env_bool("TRADEAPI_PREBUILT_SCHEMA", PRODUCTION) else None
