"""Wagtail page models: one GuideIndexPage per locale tree, GuidePages beneath it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from locales.registry import LocaleInfo, get_registry

from .blocks import ANSWER_FEATURES, FAQGroupBlock


class LocalizedPageMixin:
    """Gives templates the registry's view of the page's locale (name, text direction)."""

    @property
    def locale_info(self) -> LocaleInfo | None:
        return get_registry().find(self.locale.language_code)


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

    last_reviewed = models.DateField(
        "last medically reviewed",
        null=True,
        blank=True,
        help_text="Date a clinician last reviewed this guide's medical content.",
    )
    reviewer_name = models.CharField("medical reviewer", max_length=255, blank=True)
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
            [FieldPanel("last_reviewed"), FieldPanel("reviewer_name"), FieldPanel("disclaimer")],
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
