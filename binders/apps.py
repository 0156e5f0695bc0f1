from django.apps import AppConfig


class BindersConfig(AppConfig):
    name = "binders"
