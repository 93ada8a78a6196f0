"""StreamField blocks for a guide's body: groups of question/answer items.

Item identity is the ListBlock child's `id` (a UUID Wagtail keeps in the raw
JSON). Wagtail copies it verbatim into translations, so item N can be matched
across locales; numbering is derived from position, never typed by editors.
"""

from wagtail import blocks

# Answers are medical content that leaves through a JSON API: keep the feature set
# to what the API sanitizer allows (bold, italic, links, lists).
ANSWER_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=500)
    answer = blocks.RichTextBlock(features=ANSWER_FEATURES)

    class Meta:
        icon = "help"
        label = "Question and answer"
        label_format = "{question}"  # collapsed items show their question


class FAQGroupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255)
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "FAQ group"
        label_format = "{heading}"
        template = "content/blocks/faq_group.html"
