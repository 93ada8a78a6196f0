"""Each admin screen of ours, fetched as a user whose Wagtail admin language is set: the
page is in that language (Wagtail's <html lang>) and our words on it are translated."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


@pytest.fixture
def spanish_admin(django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser(
        "revisora", "r@example.com", "pw", first_name="Ana", last_name="Pérez"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    return user


@pytest.fixture
def draft(demo_guide, spanish_admin):
    from locales.machine_translation.drafts import create_machine_draft

    return create_machine_draft(demo_guide, "es", user=spanish_admin)


def _page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    assert re.search(r'<html lang="es" dir="ltr"', html), url
    return html


def test_translation_screens_in_spanish(client, spanish_admin, draft, demo_guide):
    from locales.machine_translation.jobs import TranslationJob
    from locales.review.selectors import translation_for_page

    client.force_login(spanish_admin)
    home = _page(client, reverse("wagtailadmin_home"))
    panel = home.split('data-testid="translation-status-panel"')[1].split("</ul>")[0]
    assert "Español</strong></a>:" in panel and "1 borrador por revisar" in panel
    assert "draft to review" not in panel

    translation = translation_for_page(draft.page)
    review = _page(client, reverse("locales:review", args=[translation.pk]))
    assert "36 de 36 segmentos necesitan revisión." in review
    assert "Traducción automática (pseudo)" in review and "Necesita revisión" in review

    form = _page(client, reverse("locales:machine_translate", args=[demo_guide.pk]))
    assert "Traducir a" in form and "Cada idioma recibe un borrador sin publicar" in form
    ours = form.split('id="machine-translate-form"')[1].split("</form>")[0]
    assert "Alemán (de)" in ours and "German" not in ours

    job = TranslationJob.objects.create(page=demo_guide, target_locales=["es", "fr"])
    job_page = _page(client, reverse("locales:job", args=[job.pk]))
    assert "0 de 2 idiomas terminados." in job_page and "En cola" in job_page
    status = client.get(reverse("locales:job_status", args=[job.pk])).json()
    assert status["progress_text"] == "0 de 2 idiomas terminados."
    assert status["status_text"] == "En cola"

    xliff = _page(client, reverse("locales:xliff_import"))
    assert "Archivo XLIFF" in xliff and "no se escribe nada" in xliff
    outdated = _page(client, reverse("locales:outdated_report"))
    assert "Ninguna traducción está desactualizada" in outdated

    refused = client.post(reverse("locales:bulk_translate"), {"locales": ["es"]}, follow=True)
    assert "Seleccione al menos una guía." in refused.content.decode()


def test_security_and_api_key_screens_in_spanish(client, spanish_admin):
    client.force_login(spanish_admin)
    lockouts = _page(client, reverse("accounts:lockouts"))
    assert "Ningún inicio de sesión fallido en los últimos" in lockouts
    assert "Desde una terminal:" in lockouts
    two_factor = _page(client, reverse("accounts:two_factor"))
    assert "El inicio de sesión en dos pasos está <strong>desactivado</strong>." in two_factor
    setup = _page(client, reverse("accounts:two_factor_setup"))
    assert "Instale una aplicación de autenticación" in setup
    assert re.search(r'<code dir="ltr" id="two-factor-secret">[A-Z2-7 ]+</code>', setup)
    created = client.post(
        "/admin/snippets/api/apikey/add/",
        {"name": "Clínica", "allowed_origins": "", "rate": ""},
    )
    page = created.content.decode()
    assert created.status_code == 200 and '<html lang="es"' in page
    assert (
        "<strong>Copie esta clave ahora.</strong>" in page and "Volver a las claves de API" in page
    )


def test_medical_review_screens_in_spanish(client, spanish_admin, demo_guide):
    """Reports → Medical review, the sign-off form and its result, the home panel and the
    reviewer profiles, for a reviewer whose admin language is Spanish."""
    client.force_login(spanish_admin)
    report = _page(client, reverse("clinical:report"))
    assert "<title>Revisión médica" in report or "Revisión médica</h1>" in report
    table = report.split('id="medical-review-table"')[1].split("</table>")[0]
    for heading in ("Guía", "Idioma", "Aprobación médica", "Revisor", "Última revisión",
                    "Próxima revisión", "Legibilidad"):  # fmt: skip
        assert f">{heading}</th>" in table, heading
    assert "Inglés (en)" in table and "Sin aprobación médica" in table and ">Aprobar</a>" in table
    assert "Never signed off" not in report and "English (en)" not in report
    assert "Todos los idiomas" in report and "Cualquier estado" in report
    assert '<option value="never">Sin aprobación médica</option>' in report
    assert '<option value="de">Alemán (de)</option>' in report
    csv = b"".join(client.get(reverse("clinical:report") + "?export=csv").streaming_content)
    heading, row = csv.decode().splitlines()[:2]
    assert heading.startswith("Guía,Slug,Idioma,Aprobación médica,Revisor,Credenciales,")
    assert ",en,Sin aprobación médica," in row

    form_url = reverse("clinical:sign_off", args=[demo_guide.pk])
    form = _page(client, form_url)
    assert "Está dando la aprobación médica de <strong>" in form
    assert "(idioma: <strong>Inglés</strong>)" in form
    assert "<strong>Estado actual:</strong> Sin aprobación médica" in form
    for label in ("Fecha de revisión", "Sus credenciales", "Notas", "Fuentes de evidencia"):
        assert f">{label}</label>" in form, label
    assert "Revisor: <strong>Ana Pérez</strong>" in form
    assert "Registrar aprobación médica" in form and "Reviewed on" not in form

    future = client.post(form_url, {"reviewed_on": "2999-01-01", "credentials": "MD"})
    assert "La fecha de revisión no puede ser futura." in future.content.decode()
    done = client.post(
        form_url, {"reviewed_on": "2026-11-01", "credentials": "Médica, Dermatología"}, follow=True
    )
    assert (
        f"Aprobación médica de «{demo_guide.title}» (en) registrada a nombre de Ana Pérez."
        in done.content.decode()
    )
    again = _page(client, form_url)
    assert "última aprobación médica de Ana Pérez el 2026-11-01" in again
    assert ">Historial</h2>" in again

    home = _page(client, reverse("wagtailadmin_home"))
    panel = home.split('data-testid="medical-review-panel"')[1].split("</ul>")[0]
    assert "<strong>Inglés</strong>:" in panel and "1 versión con aprobación médica" in panel
    assert '"name": "medical-review", "label": "Revisi\\u00f3n m\\u00e9dica"' in home

    profiles = _page(client, reverse("wagtailsnippets_clinical_reviewerprofile:list"))
    assert "Perfiles de revisores médicos" in profiles or "Revisores médicos" in profiles
    assert "Médica, Dermatología" in profiles


def test_reminder_email_in_the_reviewers_admin_language(
    demo_guide, spanish_admin, mailoutbox, settings
):
    import datetime

    from clinical.reminders import send_reminders
    from clinical.services import record_sign_off

    settings.MEDICAL_REVIEW_INTERVAL_DAYS = 100
    record_sign_off(demo_guide, spanish_admin, reviewed_on=datetime.date(2026, 1, 1))
    due = datetime.date(2026, 4, 11)
    assert send_reminders(on=due - datetime.timedelta(days=30)) == 1
    assert send_reminders(on=due) == 1
    soon, today = mailoutbox
    assert soon.subject == f"[en] Revisión médica prevista dentro de 30 días: {demo_guide.title}"
    assert "vence el 2026-04-11 (dentro de 30 días)." in soon.body
    assert "registre aquí una nueva aprobación médica:" in soon.body
    assert today.subject == f"[en] Revisión médica prevista para hoy: {demo_guide.title}"
