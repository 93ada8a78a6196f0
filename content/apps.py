from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Guides"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from content.models import GuideIndexPage, GuidePage, keep_source_slug

        for model in (GuideIndexPage, GuidePage):
            keep_source_slug(model)
