from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tradeapi.snapstart import on_warm_up

        on_warm_up(_load_jwks)


def _load_jwks() -> None:
    """Before a SnapStart snapshot: parse the bundled JWKS (COGNITO_JWKS), or fetch it once."""
    from accounts.jwks import jwks_provider

    jwks_provider().keys()
