from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicalConfig(AppConfig):
    """Medical sign-off of guides per locale, the review cycle and readability.

    Sits between content (which it reads) and the translation workflow and API (which read
    it): of `locales` it uses only the registry, the one place for locale questions, as
    content does; the API learns of a sign-off through `signals.medical_review_changed`.
    """

    name = "clinical"
    label = "clinical"
    verbose_name = _("Clinical review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from clinical import receivers

        receivers.connect()
