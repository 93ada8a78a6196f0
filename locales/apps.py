from django.apps import AppConfig


class LocalesConfig(AppConfig):
    name = "locales"
    verbose_name = "Locales and translation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from locales.registry import get_registry

        def _reset(*, setting: str, **kwargs: object) -> None:
            if setting in {"LOCALE_SOURCE", "LOCALE_TARGETS"}:
                get_registry.cache_clear()

        setting_changed.connect(_reset, weak=False, dispatch_uid="locales.reset_registry")

        from locales import signals

        signals.connect()
