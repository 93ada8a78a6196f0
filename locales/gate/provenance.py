"""Where a text came from: a ledger of every text a machine produced, and who approved it.

The review records (`SegmentReview`) know about the segments of one translation. They
cannot follow text that leaves its translation: a copy of a machine draft, a copy for
translation into another locale, an alias, a revision reverted to. This ledger can,
because it is keyed by the text itself: a fingerprint of every output a provider
returned is stored when the pipeline receives it, before anything else can store the
text, and a person's approval of a text is stored per locale. The publish guard refuses
any page, in any locale and by any path, that shows a machine fingerprint without an
approval for that page's locale.

Fingerprints are of the visible text (tags dropped, entities decoded, white space
folded), so re-serialised markup (`<a id="a1">` in wagtail-localize's segments,
`<a href>` on the page) cannot hide a machine text. A provider answer identical to its
source is not recorded: it contains no machine-written words (QA flags it as
untranslated instead), and recording it would block the human source text it repeats.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.models import Locale

from locales.qa.checks import plain_text


def visible_text(text: str) -> str:
    """The words a reader sees, normalised (NFC, tags dropped, white space folded)."""
    return unicodedata.normalize("NFC", plain_text(text or ""))


def fingerprint(text: str) -> str:
    return hashlib.sha256(visible_text(text).encode("utf-8")).hexdigest()


class MachineText(models.Model):
    """A text a provider returned, kept for good (only its fingerprint)."""

    fingerprint = models.CharField(max_length=64, unique=True)
    locale = models.CharField(
        max_length=35, help_text="The target (BCP 47) it was first produced for."
    )
    provider = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "machine text"

    def __str__(self) -> str:
        return f"{self.fingerprint[:12]} ({self.provider} → {self.locale})"


class ApprovedText(models.Model):
    """A person approved this text as what readers of `locale` may see."""

    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "approved text"
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "fingerprint"], name="unique_approved_text_per_locale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fingerprint[:12]} approved for {self.locale_id}"


def record_machine_output(
    sources: Sequence[str], outputs: Sequence[str], *, target: str, provider: str
) -> int:
    """Remember every output that differs from its source; return how many are new."""
    prints = {
        fingerprint(out)
        for src, out in zip(sources, outputs, strict=True)
        if visible_text(out) and visible_text(out) != visible_text(src)
    }
    if not prints:
        return 0
    known = set(
        MachineText.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True)
    )
    new = [MachineText(fingerprint=fp, locale=target, provider=provider) for fp in prints - known]
    MachineText.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent run may race us
    return len(new)


def approve_text(locale: Locale | int, text: str, user=None, at: datetime | None = None) -> None:
    """Record that a person approved `text` for readers of `locale` (idempotent)."""
    if not visible_text(text):
        return
    locale_id = locale if isinstance(locale, int) else locale.pk
    ApprovedText.objects.get_or_create(
        locale_id=locale_id,
        fingerprint=fingerprint(text),
        defaults={"approved_by": user, "approved_at": at or timezone.now()},
    )


def approved_fingerprints(locale_id: int, prints: Iterable[str]) -> set[str]:
    return set(
        ApprovedText.objects.filter(locale_id=locale_id, fingerprint__in=set(prints)).values_list(
            "fingerprint", flat=True
        )
    )


def machine_fingerprints(prints: Iterable[str]) -> set[str]:
    return set(
        MachineText.objects.filter(fingerprint__in=set(prints)).values_list(
            "fingerprint", flat=True
        )
    )
