from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Delivery API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import cors, handlers, schema  # noqa: F401  (schema registers the auth extension)

        handlers.connect()
        cors.connect()
