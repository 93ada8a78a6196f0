"""The draft step: machine-translate a source guide into a target locale as a draft.

Built on wagtail-localize: the source is a `TranslationSource`, the per-locale work is
its `Translation` row, translated text lives in `StringTranslation` (the translation
memory store) and the translated page is created by its own machinery, so it shares
the source's `translation_key` and sits in the target locale's tree.

Only what has no usable translation goes to the provider: reviewed segments whose
source did not change are kept exactly, an edited-but-unapproved segment is kept, and
a string a reviewer approved anywhere else is reused. The provider call happens
outside any transaction; writing happens afterwards under a row lock on the
`Translation`, re-checking every segment so an edit made meanwhile is never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from locales.glossary import GlossaryTerm
from locales.machine_translation.pipeline import translate_texts
from locales.machine_translation.providers import get_provider
from locales.registry import LocaleInfo, get_registry
from locales.review import audit
from locales.review.draft_revision import save_draft_revision
from locales.review.notify import MACHINE_DRAFT, notify_reviewers_on_commit
from locales.review.outdated import mark_outdated
from locales.review.selectors import segment_rows
from locales.review.state import (
    SegmentOrigin,
    SegmentReview,
    SegmentRow,
    SegmentStatus,
    record_segment,
    text_hash,
)


class DraftError(ValueError):
    """The request cannot be carried out (not a source guide, a source-locale target...)."""


@dataclass(frozen=True)
class DraftResult:
    page: Page  # the translated GuidePage; its latest revision is the new draft
    created: bool
    segments_sent: int
    characters_sent: int
    requests: int
    provider: str
    reused: int = 0  # filled from reviewed translations of identical strings
    kept: int = 0  # already translated for the current source text
    revision_created: bool = True  # False: the draft already said exactly this


@dataclass
class _Plan:
    send: list[SegmentRow] = field(default_factory=list)
    reuse: list[tuple[SegmentRow, SegmentReview]] = field(default_factory=list)
    adopt: list[SegmentRow] = field(default_factory=list)  # text exists, record missing/stale
    kept: int = 0


def source_guide(source_page: Page) -> Page:
    from content.models import GuidePage

    page = Page.objects.get(pk=source_page.pk).specific  # the stored (live) content
    if not isinstance(page, GuidePage):
        raise DraftError(f"“{page.title}” is not a guide; only guides can be machine-translated.")
    info = get_registry().find(page.locale.language_code)
    if info is None or not info.is_source:
        raise DraftError(
            f"“{page.title}” is in {page.locale.get_display_name()}, not the source locale "
            f"({get_registry().source.code}); translate the source guide instead."
        )
    return page


def target_locale(target: str) -> tuple[LocaleInfo, Locale]:
    info = get_registry().get(target)  # UnknownLocale names the enabled codes
    if info.is_source:
        raise DraftError(f"{info.code} is the source locale; choose a target locale.")
    try:
        return info, Locale.objects.get(language_code=info.django_code)
    except Locale.DoesNotExist:
        raise DraftError(
            f"Locale {info.code} has no Wagtail locale yet; run `manage.py sync_locales`."
        ) from None


@transaction.atomic
def prepare_translation(page: Page, locale: Locale) -> Translation:
    """The enabled wagtail-localize Translation of `page` into `locale`, source synced."""
    # Runs for one guide serialize here: wagtail-localize's segment extraction uses
    # get_or_create on rows without unique constraints, so two at once could duplicate them.
    Page.objects.select_for_update().only("pk").get(pk=page.pk)
    source, _ = TranslationSource.update_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    if not translation.enabled:
        if _target_exists(translation):
            raise DraftError(
                f"The synced translation of “{page.title}” into "
                f"{locale.get_display_name()} was stopped, so its page is edited by hand. "
                "Machine translation would replace those edits: restart the synced "
                "translation from the page's editor first, or keep editing by hand."
            )
        translation.enabled = True  # its page was deleted: nothing of a person's to lose
        translation.save(update_fields=["enabled"])
    mark_outdated(source)
    return translation


def _target_exists(translation: Translation) -> bool:
    return Page.objects.filter(
        translation_key=translation.source.object_id, locale_id=translation.target_locale_id
    ).exists()


def _plan(translation: Translation) -> _Plan:
    plan = _Plan()
    rows = segment_rows(translation)
    memory = _memory(
        translation, [r.segment.string_id for r in rows if r.string_translation is None]
    )
    for row in rows:
        if row.string_translation is not None:
            if row.review is None or row.review.string_id != row.segment.string_id:
                plan.adopt.append(row)
            else:
                plan.kept += 1
        elif row.segment.string_id in memory:
            plan.reuse.append((row, memory[row.segment.string_id]))
        else:
            plan.send.append(row)
    return plan


def _memory(translation: Translation, string_ids: list[int]) -> dict[int, SegmentReview]:
    """Reviewed translations of these exact source strings into the same locale, anywhere."""
    found: dict[int, SegmentReview] = {}
    for review in SegmentReview.objects.filter(
        string_id__in=string_ids,
        translation__target_locale_id=translation.target_locale_id,
        status=SegmentStatus.REVIEWED,
        string_translation__isnull=False,
    ).select_related("string_translation"):
        st = review.string_translation
        if (
            st.translation_of_id == review.string_id
            and text_hash(st.data) == review.translation_hash
        ):
            found.setdefault(review.string_id, review)
    return found


def _fill(
    translation: Translation,
    row: SegmentRow,
    text: str,
    *,
    translation_type: str,
    tool_name: str = "",
    translated_by=None,
    **review: object,
) -> None:
    """Store the first translation of an untranslated segment, with its review record."""
    st = StringTranslation.objects.create(
        translation_of=row.segment.string,
        locale_id=translation.target_locale_id,
        context=row.segment.context,
        data=text,
        translation_type=translation_type,
        tool_name=tool_name,
        last_translated_by=translated_by,
    )
    record_segment(translation, row, st, keep_reviewed_wording=True, **review)


def _write(translation: Translation, plan: _Plan, texts: list[str], provider: str) -> int:
    """Store the planned translations; skip any segment someone translated meanwhile."""
    current = {(r.segment.context_id, r.slot): r for r in segment_rows(translation)}
    written = 0

    def still_open(row: SegmentRow) -> SegmentRow | None:
        now = current.get((row.segment.context_id, row.slot))
        if now is None or now.segment.string_id != row.segment.string_id:
            return None  # the source moved on; the next run will pick it up
        return now if now.string_translation is None else None

    for row, text in zip(plan.send, texts, strict=True):
        if (now := still_open(row)) is not None:
            _fill(
                translation, now, text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE, tool_name=provider,
                status=SegmentStatus.MACHINE, origin=SegmentOrigin.MACHINE, provider=provider,
            )  # fmt: skip
            written += 1
    for row, memory in plan.reuse:
        if (now := still_open(row)) is not None:
            _fill(
                translation, now, memory.string_translation.data,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                translated_by=memory.reviewed_by,
                status=SegmentStatus.REVIEWED, origin=SegmentOrigin.MEMORY, provider=memory.provider,
                reviewed_by=memory.reviewed_by, reviewed_at=memory.reviewed_at,
            )  # fmt: skip
            written += 1
    for row in plan.adopt:
        now = current.get((row.segment.context_id, row.slot))
        if now is None or now.string_translation is None:
            continue
        if now.review is not None and now.review.string_id == now.segment.string_id:
            continue
        st = now.string_translation
        machine = st.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        record_segment(
            translation, now, st,
            status=SegmentStatus.MACHINE,
            origin=SegmentOrigin.MACHINE if machine else SegmentOrigin.HUMAN,
            provider=st.tool_name, keep_reviewed_wording=True,
        )  # fmt: skip
        written += 1
    return written


def create_machine_draft(
    source_page: Page,
    target: str,
    *,
    provider: str | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> DraftResult:
    """Machine-translate `source_page` into `target` (a BCP 47 code) as a draft revision.

    Raises DraftError / UnknownLocale / UnknownProvider for a bad request and
    TranslationError when the provider fails; in all cases nothing was written. A run
    with nothing to send or store writes nothing either (no empty "draft updated"
    revision that would show as a pending draft). The locale's reviewers are emailed
    when a new draft revision is ready.
    """
    get_provider(provider)  # an unknown provider is refused before anything is written
    page = source_guide(source_page)
    info, locale = target_locale(target)
    translation = prepare_translation(page, locale)
    plan = _plan(translation)

    registry = get_registry()
    texts: list[str] = []
    characters = requests = 0
    provider_name = provider or ""
    if plan.send:
        batch = translate_texts(
            [row.source_text for row in plan.send],
            source=registry.get(page.locale.language_code),
            target=info,
            glossary=list(GlossaryTerm.objects.for_target(locale)),
            provider=provider,
            progress=progress,
        )
        texts, characters, requests, provider_name = (
            batch.translations,
            batch.characters_sent,
            batch.requests,
            batch.provider,
        )

    with transaction.atomic():
        translation = Translation.objects.select_for_update().get(pk=translation.pk)
        written = _write(translation, plan, texts, provider_name)
        before = _latest_revision_id(translation)
        target_page, created = save_draft_revision(
            translation, user=user, only_if_changed=not written
        )
        revision_created = created or _latest_revision_id(translation) != before
        if revision_created:
            notify_reviewers_on_commit(translation, kind=MACHINE_DRAFT)
            audit.log_machine_draft(
                translation,
                user,
                sent=plan.send,
                provider=provider_name,
                reused=len(plan.reuse),
                kept=plan.kept,
                created=created,
            )

    return DraftResult(
        page=target_page,
        created=created,
        segments_sent=len(plan.send),
        characters_sent=characters,
        requests=requests,
        provider=provider_name,
        reused=len(plan.reuse),
        kept=plan.kept,
        revision_created=revision_created,
    )


def _latest_revision_id(translation: Translation) -> int | None:
    page = (
        Page.objects.filter(
            translation_key=translation.source.object_id, locale_id=translation.target_locale_id
        )
        .only("latest_revision_id")
        .first()
    )
    return page.latest_revision_id if page is not None else None
