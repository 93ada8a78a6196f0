"""Reports → Translation status and the dashboard panel, through Django's test client."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from content.models import GuidePage
from locales.machine_translation.jobs import TranslationJob
from locales.review.selectors import translation_for_page
from locales.status.report import CellState
from tests.translation.test_status import small_guide

pytestmark = pytest.mark.django_db

REPORT = "locales:translation_status"


@pytest.fixture
def guides(demo_guide, draft, locales):
    """The demo guide with a Spanish machine draft, and a guide nobody translated yet."""
    return demo_guide, small_guide(1)


def cells(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'class="status-cell" id="cell-\d+-([\w-]+)" data-locale="[\w-]+" data-state="(\w+)"', html
    )


def test_report_lists_every_guide_with_a_cell_per_locale_and_its_next_step(
    client, guides, admin_user
):
    _demo, fresh = guides
    client.force_login(admin_user)
    html = client.get(reverse(REPORT)).content.decode()
    assert html.count('class="status-cell"') == 2 * 6
    assert ("es", CellState.MACHINE_DRAFT) in cells(html)
    assert "reviewed 0 of 36" in html
    es = translation_for_page(GuidePage.objects.get(locale__language_code="es"))
    assert reverse("locales:review", args=[es.pk]) in html  # the draft links to its review
    assert reverse("locales:machine_translate", args=[fresh.pk]) + "?locale=fr" in html
    # totals: per locale, each state linking into the filtered report
    assert f'href="{reverse(REPORT)}?locale=es&amp;state=machine_draft"' in html
    # the machine-translate form preselects the locale the cell linked from
    form = client.get(reverse("locales:machine_translate", args=[fresh.pk]) + "?locale=fr")
    assert re.search(r'value="fr"[^>]*checked', form.content.decode())
    assert not re.search(r'value="es"[^>]*checked', form.content.decode())


def test_filters_narrow_columns_and_rows(client, guides, admin_user):
    _demo, _fresh = guides
    client.force_login(admin_user)
    html = client.get(reverse(REPORT), {"locale": "es"}).content.decode()
    assert {code for code, _ in cells(html)} == {"es"} and len(cells(html)) == 2
    html = client.get(reverse(REPORT), {"locale": "es", "state": "machine_draft"}).content.decode()
    assert cells(html) == [("es", CellState.MACHINE_DRAFT)]
    html = client.get(reverse(REPORT), {"state": "live"}).content.decode()
    assert cells(html) == [] and "No guide matches" in html
    html = client.get(reverse(REPORT), {"q": "Guide 001"}).content.decode()
    assert len(cells(html)) == 6
    results = client.get(reverse("locales:translation_status_results"), {"locale": "fr"})
    assert results.status_code == 200 and "<html" not in results.content.decode()[:200]


def test_csv_and_xlsx_exports(client, guides, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse(REPORT), {"export": "csv", "locale": "es"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Guide", "Slug", "Spanish (es)", "Spanish (es) medical sign-off"]
    assert [
        "Exosome hair loss guide",
        "exosome-hair-loss",
        "Machine draft (reviewed 0 of 36)",
        "Never signed off",
    ] in rows
    assert ["Guide 001", "guide-1", "Not started", "Never signed off"] in rows

    response = client.get(reverse(REPORT), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Guide", "Slug", "Spanish (es)"] and len(values) == 3


def test_reviewers_see_their_locales_and_others_are_refused(
    client, guides, reviewer, django_user_model
):
    client.force_login(reviewer("es"))
    html = client.get(reverse(REPORT)).content.decode()
    assert {code for code, _ in cells(html)} == {"es"}
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-testid="translation-status-panel"' in home
    assert "Spanish</strong></a>:" in home
    assert (
        "1 draft to review" in home
        and f"{reverse(REPORT)}?locale=es&amp;state=machine_draft" in home
    )
    assert "French" not in home.split('data-testid="translation-status-panel"')[1].split("</ul>")[0]

    editor = django_user_model.objects.create_user("plain", password="pw")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    refused = client.get(reverse(REPORT))  # Wagtail turns PermissionDenied into a redirect home
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert (
        'data-testid="translation-status-panel"'
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_report_is_in_the_reports_menu(client, guides, admin_user):
    client.force_login(admin_user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(REPORT) in home


def test_a_running_job_cell_links_to_the_job(client, guides, admin_user):
    _demo, fresh = guides
    job = TranslationJob.objects.create(page=fresh, locale="de", target_locales=["de"])
    client.force_login(admin_user)
    html = client.get(reverse(REPORT), {"locale": "de"}).content.decode()
    assert ("de", CellState.JOB_RUNNING) in cells(html)
    assert reverse("locales:job", args=[job.pk]) in html and "queued" in html
