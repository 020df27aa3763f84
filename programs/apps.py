from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes")

    def ready(self):
        from programs.db_triggers import reinstall_after_migrate

        post_migrate.connect(reinstall_after_migrate, sender=self)
