"""Who must use two-factor sign-in: everyone who can publish or approve anything.

Decided from permissions, not group names (accounts.two_factor.second_factor_state), in
one query per admin request. Enforced as production does (ADMIN_2FA=required through
pytest-django's `settings`, like tests/accounts/test_two_factor.py).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from wagtail.models import GroupApprovalTask, GroupPagePermission

from accounts import two_factor
from accounts.middleware import TwoFactorMiddleware
from tests.accounts.conftest import PASSWORD, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_2fa")]

SETUP = "/admin/security/two-factor/setup/"


@pytest.fixture
def require_2fa(settings):
    settings.ADMIN_2FA = "required"


@pytest.fixture
def person(django_user_model):
    """make person("name", *groups) -> an active user in those groups (signs in with PASSWORD)."""

    def make(username: str, *groups: Group):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD)
        user.groups.add(*groups)
        return user

    return make


def _group(name: str, *codenames: str) -> Group:
    """A group with admin access and the given permissions (app_label.codename)."""
    group = Group.objects.create(name=name)
    for dotted in ("wagtailadmin.access_admin", *codenames):
        app_label, codename = dotted.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def _admin_home(client, user) -> str | int:
    """Where the admin sends `user`: the enrolment page's path, or 200."""
    client.force_login(user)
    response = client.get("/admin/")
    return response["Location"].split("?")[0] if response.status_code == 302 else 200


def test_a_moderator_must_enrol(client, person):
    """Wagtail's default Moderators: publish on the root (and the default approval task)."""
    moderator = person("mona", Group.objects.get(name="Moderators"))
    assert two_factor.requires_two_factor(moderator)
    assert _admin_home(client, moderator) == SETUP


def test_an_editor_given_publish_rights_must_enrol(client, person, demo_guide):
    editors = Group.objects.get(name="Editors")
    editor = person("eddie", editors)
    assert not two_factor.requires_two_factor(editor)

    # publish on one subtree (the guide's index), not the root, is enough
    GroupPagePermission.objects.create(
        group=editors, page=demo_guide.get_parent(), permission_type="publish"
    )
    assert two_factor.requires_two_factor(editor)
    assert _admin_home(client, editor) == SETUP


def test_a_plain_editor_without_publish_rights_need_not(client, person, demo_guide):
    editor = person("erin", Group.objects.get(name="Editors"))  # add + edit on the root
    assert not GroupPagePermission.objects.filter(
        group__name="Editors", permission__codename="publish_page"
    ).exists()
    assert not two_factor.requires_two_factor(editor)
    assert _admin_home(client, editor) == 200


def test_a_reviewer_must_enrol_whatever_the_group_is_called(client, person, settings):
    settings.ADMIN_2FA_GROUPS = []  # not through the name pattern
    checkers = _group("Translation QA", "locales.review_translation")
    reviewer = person("quinn", checkers)
    assert two_factor.requires_two_factor(reviewer)
    assert _admin_home(client, reviewer) == SETUP


def test_the_review_permission_given_to_the_user_directly_counts_too(person):
    loner = person("lou", _group("Readers"))
    assert not two_factor.requires_two_factor(loner)
    loner.user_permissions.add(
        Permission.objects.get(content_type__app_label="locales", codename="review_translation")
    )
    assert two_factor.requires_two_factor(loner)


def test_a_per_locale_reviewer_group_needs_no_name_pattern(person, locales, settings):
    from locales.review.permissions import ensure_reviewer_group

    settings.ADMIN_2FA_GROUPS = []
    assert two_factor.requires_two_factor(person("rosa", ensure_reviewer_group("es")))


def test_a_workflow_approver_must_enrol_while_the_task_is_active(client, person):
    signers = _group("Medical sign-off")  # no page permission at all
    approver = person("dora", signers)
    assert not two_factor.requires_two_factor(approver)

    task = GroupApprovalTask.objects.create(name="Medical sign-off")
    task.groups.add(signers)
    assert two_factor.requires_two_factor(approver)
    assert _admin_home(client, approver) == SETUP

    task.active = False
    task.save()
    assert not two_factor.requires_two_factor(approver)


def test_the_configured_group_patterns_still_apply(person, settings):
    settings.ADMIN_2FA_GROUPS = ["Clinic *"]
    assert two_factor.requires_two_factor(person("cleo", _group("Clinic staff")))
    assert not two_factor.requires_two_factor(person("carl", _group("Front desk")))


def test_the_optional_setting_requires_nobody(person, settings):
    settings.ADMIN_2FA = "optional"
    moderator = person("mona", Group.objects.get(name="Moderators"))
    assert not two_factor.requires_two_factor(moderator)
    assert two_factor.second_factor_state(moderator) == two_factor.SecondFactorState(
        enrolled=False, required=False
    )


def _decide(user):
    """The middleware's decision for an admin request of `user` (signed in, unverified)."""
    request = RequestFactory().get("/admin/pages/")
    user.is_verified = lambda: False
    request.user = user
    return TwoFactorMiddleware.second_factor_redirect(request)


def test_the_decision_costs_one_query_whatever_the_groups_and_permissions(
    person, django_assert_num_queries, demo_guide, superuser
):
    many = [_group(f"Team {n}", "locales.review_translation") for n in range(8)]
    for n, group in enumerate(many):
        GroupPagePermission.objects.create(group=group, page=demo_guide, permission_type="publish")
        if n % 2:
            GroupApprovalTask.objects.create(name=f"Task {n}").groups.add(group)
    people = {
        "plain editor": person("erin", Group.objects.get(name="Editors")),
        "moderator": person("mona", Group.objects.get(name="Moderators")),
        "member of 8 groups": person("max", *many),
        "no group": person("nora"),
        "superuser": superuser,
    }
    for name, user in people.items():
        with django_assert_num_queries(1):
            two_factor.second_factor_state(user)
        with django_assert_num_queries(1):
            response = _decide(user)
        assert (response is None) == (name in {"plain editor", "no group"}), name


def test_enrolled_people_are_asked_for_a_code_in_the_same_query(person, django_assert_num_queries):
    moderator = person("mona", Group.objects.get(name="Moderators"))
    device = two_factor.pending_authenticator(moderator)

    two_factor.confirm_authenticator(moderator, totp_code(device))
    with django_assert_num_queries(1):
        response = _decide(moderator)
    assert response["Location"].startswith("/admin/security/two-factor/verify/")
