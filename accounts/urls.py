"""Admin URLs of the sign-in security screens, mounted by wagtail_hooks under /admin/security/."""

from django.urls import path

from accounts.views import lockouts, two_factor

app_name = "accounts"

urlpatterns = [
    path("two-factor/", two_factor.status, name="two_factor"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", two_factor.new_backup_codes, name="two_factor_backup_codes"),
    path("two-factor/remove/", two_factor.remove_own, name="two_factor_remove"),
    path("two-factor/users/<int:user_id>/", two_factor.reset_for_user, name="two_factor_reset"),
    path("lockouts/", lockouts.index, name="lockouts"),
    path("lockouts/unlock/", lockouts.unlock_view, name="unlock"),
]
