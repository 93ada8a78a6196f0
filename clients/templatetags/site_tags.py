"""Template tags of the public site pages (content/templates/content/site_base.html):
the page's language, its words, and the links between its translations.

The links are built from the translations that are live, so a switcher never offers a
language the page is not published in, and search engines get one `hreflang` per
published language plus `x-default` (the source language) for everyone else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from clients import site_words
from clinical.delivery import medical_review

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    code: str  # BCP 47, for hreflang and lang
    native_name: str
    direction: str
    url: str  # this site's path
    full_url: str  # absolute, for <link rel="alternate">
    current: bool


@dataclass(frozen=True)
class SiteLanguage:
    code: str
    direction: str


def _language(context: template.Context) -> SiteLanguage:
    """The page's locale, or (a page not found) the language of the URL's prefix."""
    page = context.get("page")
    info = getattr(page, "locale_info", None)
    if info is not None:
        return SiteLanguage(info.code, info.direction)
    request: HttpRequest | None = context.get("request")
    code = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    code = site_words.catalogue_code(code) if code else settings.LANGUAGE_CODE
    return SiteLanguage(code, site_words.direction(code))


@register.simple_tag(takes_context=True)
def site_language(context: template.Context) -> SiteLanguage:
    return _language(context)


@register.simple_tag(takes_context=True)
def site_text(context: template.Context, key: str, **params: Any) -> str:
    """`{% site_text "site.skip" %}`: a `site.*` message in the page's language."""
    return site_words.text(_language(context).code, key, **params)


def _order(code: str) -> int:
    codes = [django_code for django_code, _ in settings.LANGUAGES]
    return codes.index(code.lower()) if code.lower() in codes else len(codes)


@register.simple_tag(takes_context=True)
def page_alternates(context: template.Context, page: Any) -> list[Alternate]:
    """The live translations of `page` (itself included), in the configured order."""
    request = context.get("request")
    out = []
    for other in page.get_translations(inclusive=True).live().specific():
        info = other.locale_info
        if info is None:
            continue
        out.append(
            Alternate(
                code=info.code,
                native_name=info.native_name,
                direction=info.direction,
                url=other.get_url(request),
                full_url=other.get_full_url(request),
                current=other.pk == page.pk,
            )
        )
    return sorted(out, key=lambda alternate: _order(alternate.code))


@register.simple_tag(takes_context=True)
def locale_homes(context: template.Context) -> list[Alternate]:
    """Each language's home page (its live guide index): where a page not found leads."""
    from content.models import GuideIndexPage

    request = context.get("request")
    current = _language(context).code
    out = []
    for home in GuideIndexPage.objects.live().specific():
        info = home.locale_info
        if info is None:
            continue
        url = home.get_url(request)
        out.append(
            Alternate(
                code=info.code,
                native_name=info.native_name,
                direction=info.direction,
                url=url,
                full_url=home.get_full_url(request),
                current=info.code == current,
            )
        )
    return sorted(out, key=lambda alternate: _order(alternate.code))


@register.filter
def default_alternate(alternates: list[Alternate]) -> Alternate | None:
    """The source language's version: `hreflang="x-default"`."""
    source = settings.LANGUAGE_CODE.lower()
    return next((a for a in alternates if a.code.lower() == source), None)


@register.filter
def current_alternate(alternates: list[Alternate]) -> Alternate | None:
    return next((a for a in alternates if a.current), None)


def _babel(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@register.filter
def language_name(code: str) -> str:
    """A language's name in itself, as a sentence uses it ("español", "Deutsch")."""
    locale = _babel(code)
    return (locale.get_display_name(locale) if locale else None) or code


@register.simple_tag(takes_context=True)
def review_line(context: template.Context, page: Any) -> SafeString:
    """The page's medical review in its language, as the reader and the embed word it:
    "Medically reviewed by Dr. A, MD on 1 November 2026. Next review due 1 November 2027.",
    or plainly overdue / changed since / never reviewed. The review is this locale's own
    sign-off (clinical.delivery); dates in the language's long format (babel, CLDR: the
    same data as the reader's Intl)."""
    code = _language(context).code
    locale = _babel(code) or Locale("en")
    review = medical_review(page)
    by = review["reviewed_by"]
    if not by or not review["last_reviewed"]:
        return site_words.html(code, "review.none")

    def day(iso: str) -> str:
        return format_date(datetime.date.fromisoformat(iso), format="long", locale=locale)

    name = by["name"]
    if by["credentials"]:
        name = site_words.text(code, "review.credentials", name=name, credentials=by["credentials"])
    parts = [site_words.html(code, "review.byOn", name=name, date=day(review["last_reviewed"]))]
    due = review["next_review_due"]
    if due:
        key = "review.overdue" if review["overdue"] else "review.next"
        parts.append(site_words.html(code, key, date=day(due)))
    if review["content_changed_since"]:
        parts.append(site_words.html(code, "review.changed"))
    return format_html_join(" ", "{}", ((part,) for part in parts))
