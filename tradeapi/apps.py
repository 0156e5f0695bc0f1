from django.apps import AppConfig


class TradeapiConfig(AppConfig):
    name = "tradeapi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tradeapi import snapstart
        from tradeapi.observability import context

        snapstart.register()  # Lambda SnapStart's hooks; nothing calls them outside Lambda
        snapstart.on_restore(context.reset_cold_start)  # a restored environment's first request is a cold start
