"""Page-history entries of the content app: a guide's imports from plain text."""

from __future__ import annotations

from wagtail import hooks
from wagtail.log_actions import LogFormatter


class ImportFormatter(LogFormatter):
    label = "Import from a text file"

    def format_message(self, log_entry) -> str:
        data = log_entry.data or {}
        source = f"“{data['source']}”" if data.get("source") else "plain text"
        message = f"{'Created' if data.get('created') else 'Updated'} from {source}"
        if data.get("replaced_revision"):
            message += f", forced over the changes in revision {data['replaced_revision']}"
        return message


@hooks.register("register_log_actions")
def register_import_log_action(actions) -> None:
    """Imports show as such in the page history, so editors can tell them from edits."""
    actions.register_action("content.import")(ImportFormatter)
