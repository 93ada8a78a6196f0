"""Who medically signed off a guide, in which locale, on which revision, and when.

A sign-off belongs to one guide (its `translation_key`) in one locale: a translation's
sign-off is its own, the source's never carries over. Every sign-off is kept (history);
the current one is the latest by review date. Reviewer name and credentials are copied
onto the record when it is made, so a later change of profile (or a deleted account)
never rewrites what a reader was told about a past review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewerProfile(models.Model):
    """How a clinician is named to readers: display name and credentials."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=255)
    credentials = models.CharField(
        _("credentials"),
        max_length=255,
        blank=True,
        help_text=_("Shown after the name, e.g. “MD, Dermatology”."),
    )
    email_reminders = models.BooleanField(_("email reminders before a review is due"), default=True)

    class Meta:
        verbose_name = _("medical reviewer profile")
        verbose_name_plural = _("medical reviewer profiles")

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


class MedicalSignOff(models.Model):
    """One clinician's sign-off of one guide in one locale (history: every row is kept)."""

    translation_key = models.UUIDField(db_index=True)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        "content.GuidePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medical_sign_offs",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # SHA-256 of the medical text of the reviewed revision (clinical/text.py): what
    # "changed since review" compares with the live text.
    content_hash = models.CharField(max_length=64, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medical_sign_offs",
    )
    reviewer_name = models.CharField(_("reviewer"), max_length=255)
    credentials = models.CharField(_("credentials"), max_length=255, blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    notes = models.TextField(_("notes"), blank=True)
    evidence = models.TextField(
        _("evidence sources"), blank=True, help_text=_("One source (citation or URL) per line.")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("medical sign-off")
        verbose_name_plural = _("medical sign-offs")
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["translation_key", "locale", "-reviewed_on", "-id"])]
        permissions = [("sign_off_medically", _("Can sign off guides medically"))]

    def __str__(self) -> str:
        return _("%(name)s on %(date)s") % {
            "name": self.reviewer_name,
            "date": f"{self.reviewed_on:%Y-%m-%d}",
        }

    @property
    def evidence_list(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class LiveText(models.Model):
    """What a live guide page says, as of its last publish: the hash of its medical text
    and its readability. Written on publish (receivers.py) so the report can tell
    "changed since review" and show readability for every guide x locale without
    loading a single StreamField."""

    page = models.OneToOneField(
        "content.GuidePage", on_delete=models.CASCADE, related_name="live_text"
    )
    translation_key = models.UUIDField(db_index=True)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    content_hash = models.CharField(max_length=64)
    readability = models.JSONField(default=dict)
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("live text of a guide")
        verbose_name_plural = _("live texts of guides")

    def __str__(self) -> str:
        return f"page {self.page_id}: {self.content_hash[:12]}"
