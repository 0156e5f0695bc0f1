from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Card catalog (Scryfall printings, prices, search)"
    default_auto_field = "django.db.models.BigAutoField"
