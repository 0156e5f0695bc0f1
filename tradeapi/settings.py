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
    "rest_framework",
    "tradeapi",
    "accounts",
    "binders",
    "trades",
    "moderation",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
        "DIRS": [],
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
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.FormParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.CognitoJWTAuthentication",
        "accounts.authentication.CognitoSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "accounts.suspension.NotSuspended"],
    "UNAUTHENTICATED_USER": "accounts.users.AnonymousTrader",
    "EXCEPTION_HANDLER": "tradeapi.errors.exception_handler",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "botocore": {"level": "WARNING"},
        "django_dynamodb_cache": {"level": "WARNING"},
        "werkzeug": {"level": "WARNING"},
    },
}
