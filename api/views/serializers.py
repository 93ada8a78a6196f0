"""Response shapes, for the OpenAPI schema and for checking responses against it.

The views serve pre-built bytes from the read model (see documents.py), so these
serializers describe rather than produce: tests validate real responses against
the generated schema, which keeps the two in step.
"""

from __future__ import annotations

from drf_spectacular.helpers import lazy_serializer
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field, inline_serializer
from rest_framework import serializers


class LocaleSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="BCP 47 code, e.g. pt-BR.")
    english_name = serializers.CharField()
    native_name = serializers.CharField()
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])
    is_source = serializers.BooleanField()


class LocaleListSerializer(serializers.Serializer):
    source = serializers.CharField()
    results = LocaleSerializer(many=True)


# --- Rich-text nodes (api/documents/richtext_nodes.py): a recursive tree, one serializer per node
# type, joined by `type`-discriminated unions (lazy_serializer closes the recursion).


def _node_type(name: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=[name])


def _union(name: str, members: dict, *, description: str) -> PolymorphicProxySerializer:
    return PolymorphicProxySerializer(
        component_name=name,
        serializers=members,
        resource_type_field_name="type",
        many=True,
        help_text=description,
    )


class TextNodeSerializer(serializers.Serializer):
    type = _node_type("text")
    text = serializers.CharField(help_text="Whitespace already collapsed; render as is.")
    marks = serializers.ListField(
        child=serializers.ChoiceField(choices=["bold", "italic"]),
        help_text="Applied together (bold, then italic); empty for plain text.",
    )


class BreakNodeSerializer(serializers.Serializer):
    type = _node_type("break")


class LinkNodeSerializer(serializers.Serializer):
    type = _node_type("link")
    href = serializers.CharField(help_text="An absolute http, https or mailto URL.")
    children = _union(
        "LinkChildNode",
        {"text": TextNodeSerializer, "break": BreakNodeSerializer},
        description="The link's text.",
    )


INLINE_NODES = {
    "text": TextNodeSerializer,
    "link": LinkNodeSerializer,
    "break": BreakNodeSerializer,
}


class ParagraphNodeSerializer(serializers.Serializer):
    type = _node_type("paragraph")
    children = _union("InlineNode", INLINE_NODES, description="Text, links and line breaks.")


class ListItemNodeSerializer(serializers.Serializer):
    type = _node_type("list-item")
    children = _union(
        "ListItemChildNode",
        {**INLINE_NODES, "list": lazy_serializer("api.views.serializers.ListNodeSerializer")()},
        description="Inline content, and nested lists.",
    )


class ListNodeSerializer(serializers.Serializer):
    type = _node_type("list")
    ordered = serializers.BooleanField(help_text="Numbered (true) or bulleted (false).")
    children = ListItemNodeSerializer(many=True)


class RichTextSerializer(serializers.Serializer):
    html = serializers.CharField(
        help_text="Sanitized HTML: p, b, strong, i, em, a[href], ul, ol, li, br."
    )
    text = serializers.CharField(
        help_text="Plain text, one line per paragraph, list item or line break."
    )
    nodes = _union(
        "BlockNode",
        {"paragraph": ParagraphNodeSerializer, "list": ListNodeSerializer},
        description="The same content as a tree for native renderers (docs/api.md). "
        "Its text, concatenated, is `text`.",
    )


class FAQItemSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Stable across edits and locales.")
    number = serializers.IntegerField(min_value=1)
    question = serializers.CharField()
    answer = RichTextSerializer()


class FAQGroupSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    heading = serializers.CharField()
    items = FAQItemSerializer(many=True)


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField(allow_null=True, help_text="e.g. “MD, Dermatology”.")


class MedicalReviewSerializer(serializers.Serializer):
    """This locale's own clinical sign-off (docs/clinical-review.md); the reviewer, dates and
    flags are null when no clinician signed this language version off."""

    reviewed_by = ReviewerSerializer(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(allow_null=True)
    content_changed_since = serializers.BooleanField(
        allow_null=True, help_text="The text readers see changed after the sign-off."
    )
    disclaimer = serializers.CharField(allow_blank=True)


class ReadabilitySerializer(serializers.Serializer):
    formula = serializers.CharField(help_text="`none` where no formula fits the language.")
    score = serializers.FloatField(allow_null=True)
    grade = serializers.FloatField(allow_null=True)
    target_grade = serializers.IntegerField()
    above_target = serializers.BooleanField(allow_null=True)


class TranslationSerializer(serializers.Serializer):
    is_source = serializers.BooleanField(help_text="True for the original (source-locale) text.")
    source_locale = serializers.CharField()
    machine_translated = serializers.BooleanField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    outdated = serializers.BooleanField(
        help_text="The source changed after this translation was reviewed."
    )


class GuideDocumentSerializer(serializers.Serializer):
    requested_locale = serializers.CharField()
    fallback = serializers.BooleanField(help_text="Served in another locale than requested.")
    id = serializers.UUIDField(help_text="The guide's id, the same in every locale.")
    slug = serializers.SlugField()
    locale = serializers.CharField(help_text="The locale served.")
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    intro = RichTextSerializer()
    groups = FAQGroupSerializer(many=True)
    conclusion = RichTextSerializer()
    medical_review = MedicalReviewSerializer()
    readability = ReadabilitySerializer()
    translation = TranslationSerializer()
    available_locales = serializers.ListField(child=serializers.CharField())
    updated_at = serializers.DateTimeField(allow_null=True)
    version = serializers.CharField(help_text="Changes when, and only when, the content does.")


class GuideSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.SlugField()
    locale = serializers.CharField()
    requested_locale = serializers.CharField()
    fallback = serializers.BooleanField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()
    version = serializers.CharField()


class GuideListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    requested_locale = serializers.CharField()
    results = GuideSummarySerializer(many=True)


class BundleSerializer(serializers.Serializer):
    locale = serializers.CharField()
    version = serializers.CharField()
    count = serializers.IntegerField()
    guides = GuideDocumentSerializer(many=True)


class SyncSerializer(serializers.Serializer):
    locale = serializers.CharField()
    token = serializers.CharField(help_text="Send as `since` next time.")
    full = serializers.BooleanField(
        help_text="True: `changed` is the complete state; drop guides not in it."
    )
    changed = GuideDocumentSerializer(many=True)
    removed = serializers.ListField(
        child=serializers.UUIDField(), help_text="Guide ids to delete locally."
    )


FAQPageSerializer = inline_serializer(
    "FAQPage",
    fields={
        "@context": serializers.URLField(),
        "@type": serializers.ListField(
            child=serializers.CharField(), help_text='["MedicalWebPage", "FAQPage"]'
        ),
        "name": serializers.CharField(),
        "inLanguage": serializers.CharField(),
        "dateModified": serializers.DateTimeField(allow_null=True),
        "medicalAudience": inline_serializer(
            "MedicalAudience", fields={"@type": serializers.CharField(help_text="Patient")}
        ),
        "lastReviewed": serializers.DateField(
            required=False, help_text="Only when this language version was signed off."
        ),
        "reviewedBy": inline_serializer(
            "JsonLdPerson",
            required=False,
            fields={
                "@type": serializers.CharField(help_text="Person"),
                "name": serializers.CharField(),
                "honorificSuffix": serializers.CharField(required=False),
            },
        ),
        "mainEntity": inline_serializer(
            "FAQQuestion",
            many=True,
            fields={
                "@type": serializers.ChoiceField(choices=["Question"]),
                "name": serializers.CharField(),
                "acceptedAnswer": inline_serializer(
                    "FAQAnswer",
                    fields={
                        "@type": serializers.ChoiceField(choices=["Answer"]),
                        "text": serializers.CharField(),
                    },
                ),
            },
        ),
    },
)


@extend_schema_field(
    {
        "type": ["object", "array", "null"],
        "description": "Machine-readable specifics, e.g. the enabled locales or retry_after.",
    }
)
class ErrorDetailsField(serializers.JSONField):
    pass


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable, e.g. unknown_locale.")
    message = serializers.CharField(help_text="For people: says what to do.")
    details = ErrorDetailsField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class SearchGuideSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The guide's id, the same in every locale.")
    slug = serializers.SlugField()
    title = serializers.CharField(help_text="In the hit's locale.")


class SearchItemSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The FAQ item's stable id (as in the guide document).")
    number = serializers.IntegerField(min_value=1)
    question = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["item", "guide"],
        help_text="item: an FAQ item matched; guide: the guide's title or intro.",
    )
    guide = SearchGuideSerializer()
    locale = serializers.CharField(help_text="The locale the hit is in.")
    fallback = serializers.BooleanField(
        help_text="The guide has no translation in the requested locale: this is the source."
    )
    item = SearchItemSerializer(allow_null=True, help_text="Null for guide hits.")
    snippet = serializers.CharField(allow_blank=True, help_text="Plain text excerpt.")
    snippet_html = serializers.CharField(
        allow_blank=True,
        help_text="The same excerpt, HTML-escaped, matched words in <mark> (no other tags).",
    )
    score = serializers.FloatField(
        help_text="Relevance from the engine; compare within a response."
    )


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    requested_locale = serializers.CharField()
    query = serializers.CharField(help_text="What was searched (cut to the maximum length).")
    truncated = serializers.BooleanField(help_text="The query was longer than the maximum.")
    match = serializers.ChoiceField(
        choices=["all", "any"],
        help_text="all: every word matched; any: no hit had them all, hits have some.",
    )
    results = SearchHitSerializer(many=True)
