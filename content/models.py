"""Wagtail page models: one GuideIndexPage per locale tree, GuidePages beneath it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from content.blocks import ANSWER_FEATURES, FAQGroupBlock
from content.locale_hooks import describe_locale


class LocalizedPageMixin:
    """Gives templates the registry's view of the page's locale (name, text direction)."""

    @property
    def locale_info(self):
        """The registry's LocaleInfo for this page's locale, or None."""
        return describe_locale(self.locale.language_code)


class GuideIndexPage(LocalizedPageMixin, Page):
    """Root of a locale's guide tree (the site home page in each language)."""

    intro = RichTextField(blank=True, features=ANSWER_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.GuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "guide index"


@dataclass(frozen=True, slots=True)
class FAQItem:
    id: str
    number: int
    question: str
    answer: str  # rich text (Wagtail's stored HTML)


@dataclass(frozen=True, slots=True)
class FAQGroup:
    id: str
    heading: str
    items: tuple[FAQItem, ...]


class GuidePage(LocalizedPageMixin, Page):
    intro = RichTextField(features=ANSWER_FEATURES)
    body = StreamField([("faq_group", FAQGroupBlock())], blank=False)
    conclusion = RichTextField(blank=True, features=ANSWER_FEATURES)

    # Who signed the guide off, when, and when it is due again are records of the clinical
    # app (clinical.MedicalSignOff, one per locale), not text an editor types here.
    medical_review_interval_days = models.PositiveIntegerField(
        "review every (days)",
        null=True,
        blank=True,
        help_text="Days between medical reviews of this guide; empty: the site default.",
    )
    disclaimer = models.TextField(
        blank=True,
        default=(
            "This guide is for general information and is not a substitute for "
            "professional medical advice."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("conclusion"),
        MultiFieldPanel(
            [FieldPanel("disclaimer"), FieldPanel("medical_review_interval_days")],
            heading="Medical review",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("conclusion"),
    ]
    parent_page_types = ["content.GuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "guide"

    def faq_groups(self) -> list[FAQGroup]:
        """Groups with their items numbered by position (1-based, restarting per group)."""
        return list(self._iter_faq_groups())

    def _iter_faq_groups(self) -> Iterator[FAQGroup]:
        for group in self.body:
            if group.block_type != "faq_group":
                continue
            items = tuple(
                FAQItem(
                    id=str(child.id),
                    number=n,
                    question=child.value["question"],
                    answer=child.value["answer"].source,
                )
                for n, child in enumerate(group.value["items"].bound_blocks, start=1)
            )
            yield FAQGroup(id=str(group.id), heading=group.value["heading"], items=items)


def keep_source_slug(model: type[Page]) -> None:
    """A translated page keeps the source page's slug (one slug serves every locale in the
    API): wagtail-localize syncs it instead of offering it for translation, so no editor,
    provider or "Machine translate" button ever translates a URL. Run from ready(): the
    field list is derived from the loaded model."""
    model.translatable_fields = [
        SynchronizedField("slug", overridable=False) if f.field_name == "slug" else f
        for f in get_translatable_fields(model)
    ]


class GuideImport(models.Model):
    """What the last plain-text import wrote into a guide (content/import_record.py).

    A re-import compares the guide's newest revision with `content_hash` to tell whether a
    person (or any other code) changed the imported wording since: a revision's missing
    user cannot tell, and Wagtail lets a user overwrite their own latest revision in place,
    so neither the revision id nor its user alone is enough. The row belongs to the page
    (deleted with it) and outlives revision purges (`revision` is then null).
    """

    page = models.OneToOneField(GuidePage, on_delete=models.CASCADE, related_name="last_import")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_hash = models.CharField(max_length=64)
    source = models.CharField("file", max_length=255, blank=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "last import of a guide"

    def __str__(self) -> str:
        return f"{self.page_id}: {self.source or 'text'} at {self.imported_at:%Y-%m-%d %H:%M}"
