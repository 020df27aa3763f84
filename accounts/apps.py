from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from accounts.middleware import stamp_session_on_login


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import checks  # noqa: F401 (registers the deployment checks)

        # The sliding session expiry counts from the login.
        user_logged_in.connect(stamp_session_on_login, dispatch_uid="accounts-session-stamp")
