"""``manage.py send_digests``: send the e-mail digests that are due now (the task worker does
this every hour; the command is for a cron job without a worker, or to try the mail set-up)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.digests import send_due_digests


class Command(BaseCommand):
    help = "Send the weekly and monthly e-mail digests that are due."

    def handle(self, *args, **options):
        sent = send_due_digests()
        self.stdout.write(_("Digests sent: %(count)d.") % {"count": sent})
