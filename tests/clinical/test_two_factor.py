"""A medical sign-off is an attestation: clinicians who may make one need a second factor."""

from __future__ import annotations

from accounts.two_factor import second_factor_state


def test_signing_off_medically_requires_a_second_factor(clinician, editor, settings):
    settings.ADMIN_2FA = "required"
    assert second_factor_state(clinician).required is True
    assert second_factor_state(editor).required is False
