"""Reports → Medical review, its CSV, the dashboard panel, and the reminder e-mails."""

from __future__ import annotations

import datetime

from django.urls import reverse

from clinical.reminders import send_reminders
from clinical.services import record_sign_off


def test_report_filters_and_csv(client, demo_guide, clinician, translate, admin_user):
    translate(demo_guide, "es")
    record_sign_off(demo_guide, clinician, reviewed_on=datetime.date(2020, 1, 1))
    client.force_login(admin_user)
    url = reverse("clinical:report")
    html = client.get(url).content.decode()
    assert 'data-locale="en" data-state="overdue"' in html
    assert 'data-locale="es" data-state="never"' in html
    only = client.get(url + "?state=never").content.decode()
    assert 'data-state="never"' in only and 'data-state="overdue"' not in only
    csv = b"".join(client.get(url + "?export=csv").streaming_content).decode()
    lines = csv.strip().splitlines()
    assert lines[0].startswith("Guide,Slug,Locale,Sign-off,Reviewer,Credentials,Last reviewed")
    (en,) = [line for line in lines if ",en," in line]
    assert 'Overdue,Dr. Ada Example,"MD, Dermatology",2020-01-01,2020-12-31' in en
    assert "flesch-kincaid" in en
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-testid="medical-review-panel"' in home


def test_report_is_refused_without_permission(client, demo_guide, editor):
    client.force_login(editor)
    assert client.get(reverse("clinical:report")).status_code == 302  # admin access refused


def test_reminders_before_the_due_date(demo_guide, clinician, mailoutbox, settings):
    settings.MEDICAL_REVIEW_INTERVAL_DAYS = 100
    record_sign_off(demo_guide, clinician, reviewed_on=datetime.date(2026, 1, 1))
    due = datetime.date(2026, 4, 11)
    assert send_reminders(on=due - datetime.timedelta(days=29)) == 0
    assert send_reminders(on=due - datetime.timedelta(days=30)) == 1
    assert send_reminders(on=due - datetime.timedelta(days=7)) == 1
    assert send_reminders(on=due) == 1
    assert [m.to for m in mailoutbox] == [["ada@example.com"]] * 3
    assert "due in 30 days" in mailoutbox[0].subject and "2026-04-11" in mailoutbox[0].body


def test_reviewer_profiles_are_managed_in_settings(client, clinician, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailsnippets_clinical_reviewerprofile:list"))
    assert response.status_code == 200 and "Dr. Ada Example" in response.content.decode()
