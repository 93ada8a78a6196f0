"""Glossary terms: what a machine must translate a certain way, or not at all."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale


class GlossaryTermQuerySet(models.QuerySet):
    def for_target(self, locale: Locale) -> GlossaryTermQuerySet:
        """Terms that apply when translating into `locale` (its own plus the all-locale ones)."""
        return self.filter(models.Q(locale=locale) | models.Q(locale__isnull=True))


class GlossaryTerm(models.Model):
    locale = models.ForeignKey(
        Locale,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="glossary_terms",
        help_text="Target locale. Leave empty for a term that applies to every locale "
        "(typically a do-not-translate drug name).",
    )
    source_term = models.CharField(
        max_length=255, help_text="The term as it appears in the source."
    )
    translation = models.CharField(
        max_length=255, blank=True, help_text="Required translation in the target locale."
    )
    do_not_translate = models.BooleanField(
        default=False, help_text="Keep the source term as is (e.g. minoxidil, finasteride)."
    )
    case_sensitive = models.BooleanField(default=False)
    notes = models.CharField(max_length=500, blank=True)

    objects = GlossaryTermQuerySet.as_manager()

    panels = [
        FieldPanel("source_term"),
        FieldPanel("locale"),
        FieldPanel("translation"),
        FieldPanel("do_not_translate"),
        FieldPanel("case_sensitive"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["source_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "source_term"], name="unique_glossary_term_per_locale"
            ),
        ]

    def __str__(self) -> str:
        target = self.source_term if self.do_not_translate else self.translation
        where = self.locale.language_code if self.locale_id else "all locales"
        return f"{self.source_term} → {target} ({where})"

    def clean(self) -> None:
        if not self.do_not_translate and not self.translation.strip():
            raise ValidationError(
                {"translation": "Give the required translation, or mark the term do-not-translate."}
            )
        if self.do_not_translate and self.translation and self.translation != self.source_term:
            raise ValidationError(
                {"translation": "A do-not-translate term keeps the source term; clear this field."}
            )

    @property
    def target_term(self) -> str:
        return self.source_term if self.do_not_translate else self.translation
