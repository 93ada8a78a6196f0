"""Content fixtures: an editor, and an edit made through Wagtail's own page edit form."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")


def _list_block(items: list[dict]) -> dict:
    """ListBlock form data: count + per-item value/id/order/deleted."""
    data: dict = {"count": len(items)}
    for i, item in enumerate(items):
        data[str(i)] = {"value": item["value"], "id": item["id"], "order": i, "deleted": ""}
    return data


def edit_form_data(page, *, title: str | None = None, publish: bool = True) -> dict:
    """The POST body Wagtail's edit view expects for `page`, with `title` changed."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    body: dict = {"count": len(page.body.raw_data)}
    for index, group in enumerate(page.body.raw_data):
        items = [
            {
                "id": item["id"],
                "value": {
                    "question": item["value"]["question"],
                    "answer": rich_text(item["value"]["answer"]),
                },
            }
            for item in group["value"]["items"]
        ]
        body[str(index)] = {
            "type": "faq_group",
            "id": group["id"],
            "value": {"heading": group["value"]["heading"], "items": _list_block(items)},
            "deleted": "",
            "order": str(index),
        }
    data = {
        "title": title if title is not None else page.title,
        "slug": page.slug,
        "intro": rich_text(page.intro),
        "body": body,
        "conclusion": rich_text(page.conclusion),
        "disclaimer": page.disclaimer,
        "medical_review_interval_days": page.medical_review_interval_days or "",
        "comments": inline_formset([]),
    }
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


@pytest.fixture
def edit_in_admin(client, editor):
    """edit_in_admin(page, title=..., publish=True): what an editor does in the page editor."""

    def edit(page, *, title: str | None = None, publish: bool = True):
        from content.models import GuidePage

        client.force_login(editor)
        draft = GuidePage.objects.get(pk=page.pk).get_latest_revision_as_object()
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            edit_form_data(draft, title=title, publish=publish),
        )
        assert response.status_code == 302, response.content[:3000]
        return GuidePage.objects.get(pk=page.pk)

    return edit
