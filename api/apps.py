from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Delivery API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.test.signals import setting_changed

        from api.http import cors
        from api.http.middleware import clear_resolutions
        from api.read_model import invalidation as handlers
        from api.views import schema  # noqa: F401  (schema registers the auth extension)

        handlers.connect()
        cors.connect()
        setting_changed.connect(clear_resolutions, dispatch_uid="api.clear_resolutions")
