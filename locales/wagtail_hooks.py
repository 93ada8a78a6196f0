"""Wagtail admin registrations for the locales app."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .glossary import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = "Glossary"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["source_term", "locale", "translation", "do_not_translate"]
    list_filter = ["locale", "do_not_translate"]
    search_fields = ["source_term", "translation"]


register_snippet(GlossaryTermViewSet)
