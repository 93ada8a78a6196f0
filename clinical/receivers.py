"""What the clinical app does when Wagtail publishes a guide: note its live text.

The hash of the medical text and the readability are computed here, at publish time,
once per page, so reports never load StreamFields to tell "changed since review".
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.signals import page_published


def _guide_published(sender, instance, **kwargs) -> None:
    from clinical.models import LiveText
    from clinical.readability import page_readability
    from clinical.text import text_hash

    if instance.alias_of_id:
        return
    LiveText.objects.update_or_create(
        page_id=instance.pk,
        defaults={
            "translation_key": instance.translation_key,
            "locale_id": instance.locale_id,
            "content_hash": text_hash(instance),
            "readability": page_readability(instance).as_dict(),
            "published_at": instance.last_published_at or timezone.now(),
        },
    )


def connect() -> None:
    from content.models import GuidePage

    page_published.connect(_guide_published, sender=GuidePage, dispatch_uid="clinical.live_text")
