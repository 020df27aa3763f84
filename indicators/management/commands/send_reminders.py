"""Send reminder e-mails for open reporting years (run on a schedule, e.g. daily by cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from indicators.services.reminders import reminders_send
from programs.models import ReportingYear


class Command(BaseCommand):
    help = (
        "E-mail every organisation that still owes values of an open reporting year, listing "
        "what is missing. By default only years past their deadline."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="Only this programme (slug).")
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument(
            "--all", action="store_true", help="Also years whose deadline has not passed."
        )

    def handle(self, *args, programme=None, year=None, all=False, **options):
        years = ReportingYear.objects.filter(state=ReportingYear.State.OPEN).select_related(
            "programme"
        )
        if programme:
            years = years.filter(programme__slug=programme)
        if year:
            years = years.filter(year=year)
        if not all:
            years = years.filter(deadline__lt=timezone.localdate())
        total = 0
        for reporting_year in years:
            sent = reminders_send(user=None, reporting_year=reporting_year)
            for organisation, missing in sent:
                self.stdout.write(f"{reporting_year}: {organisation} ({missing})")
            total += len(sent)
        self.stdout.write(self.style.SUCCESS(f"Reminders sent: {total}"))
