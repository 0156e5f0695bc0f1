from django.apps import AppConfig


class TradeapiConfig(AppConfig):
    name = "tradeapi"
    default_auto_field = "django.db.models.BigAutoField"
