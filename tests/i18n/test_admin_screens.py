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
