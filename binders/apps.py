from django.apps import AppConfig


class BindersConfig(AppConfig):
    name = "binders"

    def ready(self) -> None:
        from accounts.services import on_profile_create
        from binders.repository.binders import add_default_binder

        on_profile_create(add_default_binder)  # every new profile starts with its default binder
