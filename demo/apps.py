from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data: the city's real documents from ``fixtures/`` and the demo accounts. It spans
    every app (programmes, consultations, accounts), so it stands above them all; only
    ``manage.py load_demo`` (run by ``make run``) and the tests use it."""

    name = "demo"
    verbose_name = _("Demo data")
