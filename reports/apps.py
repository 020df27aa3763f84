from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from programs.signals import data_changed
        from reports.tasks import request_prerender

        # The services say when a programme's data changed (programs.services.
        # programme_data_changed): its reports are rendered again in the background.
        data_changed.connect(request_prerender, dispatch_uid="reports-prerender")
