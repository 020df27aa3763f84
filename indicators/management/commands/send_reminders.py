"""Send reminder e-mails for open reporting years (run on a schedule, e.g. daily by cron).

Like the coordinator's page it shows the preview first — who gets what — and sends only to
organisations that are late or have values returned (``indicators.services.reminders``). It
asks before sending; ``--yes`` confirms in advance (cron), ``--dry-run`` only shows."""

import sys

from django.core.management.base import BaseCommand

from indicators.services.reminders import reminder_preview, reminders_send
from programs.models import ReportingYear


class Command(BaseCommand):
    help = (
        "Show and send reminders for open reporting years: only to organisations that are late "
        "(the deadline has passed and values are missing) or have values returned for "
        "correction. Asks before sending unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="Only this programme (slug).")
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument("--yes", action="store_true",
                            help="Send without asking (for cron).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Only show who would get what.")
        parser.add_argument(
            "--all", action="store_true",
            help="Kept for old crontabs: every open year is looked at anyway; who is reminded "
                 "is decided by the rule above.",
        )

    def handle(self, *args, programme=None, year=None, yes=False, dry_run=False, **options):
        years = ReportingYear.objects.filter(
            state__in=[ReportingYear.State.OPEN, ReportingYear.State.IN_REVIEW]
        ).select_related("programme")
        if programme:
            years = years.filter(programme__slug=programme)
        if year:
            years = years.filter(year=year)
        previews = [(ry, reminder_preview(ry)) for ry in years]
        count = 0
        for reporting_year, reminders in previews:
            for reminder in reminders:
                why = ", ".join(part for part in (
                    "late" if reminder.late else "",
                    f"returned: {reminder.returned}" if reminder.returned else "") if part)
                to = ", ".join(reminder.recipients) or "NO E-MAIL ADDRESS (not sent)"
                self.stdout.write(f"{reporting_year}: {reminder.organisation} ({why}) → {to}")
                for indicator, reason in reminder.missing:
                    code = indicator.objective.shown_code
                    self.stdout.write(f"    {code} {indicator.name}: {reason}")
                count += reminder.can_send
        if not count:
            self.stdout.write(self.style.SUCCESS("Nobody needs a reminder."))
            return
        if dry_run:
            self.stdout.write(f"Dry run: {count} reminder(s) would be sent.")
            return
        if not yes:
            if not sys.stdin.isatty():
                self.stdout.write(self.style.WARNING(
                    f"{count} reminder(s) not sent: confirm with --yes (no terminal to ask)."))
                return
            answer = input(f"Send {count} reminder(s)? [y/N] ").strip().lower()
            if answer not in ("y", "yes", "t", "tak"):
                self.stdout.write("Nothing sent.")
                return
        total = 0
        for reporting_year, reminders in previews:
            if not reminders:
                continue
            sent = reminders_send(user=None, reporting_year=reporting_year,
                                  organisation_ids=[r.organisation.pk for r in reminders])
            total += len(sent)
        self.stdout.write(self.style.SUCCESS(f"Reminders sent: {total}"))
