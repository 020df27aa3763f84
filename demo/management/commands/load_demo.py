from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import create_demo_accounts
from demo.consultations import load_consultations
from demo.identity import load_identity
from demo.programmes import load_fictional_programme, load_programmes
from programs.services import ProgrammeDataError


class Command(BaseCommand):
    help = "Load the demo programmes from fixtures/ and create the demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Load even with DEBUG off (the demo accounts have published passwords).",
        )
        parser.add_argument(
            "--without-fictional", action="store_true",
            help="Leave out the fictional demonstration programme (never loaded with DEBUG off).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            # A production server must never get accounts whose passwords are in the README.
            raise CommandError(
                "DEBUG jest wyłączony (serwer produkcyjny?): dane demonstracyjne tworzą konta z "
                "opublikowanymi hasłami. Jeśli to na pewno serwer demonstracyjny, dodaj --force."
            )
        try:
            results = load_programmes()
            if settings.DEBUG and not options["without_fictional"]:
                results.append(load_fictional_programme())
        except ProgrammeDataError as error:
            raise CommandError(str(error)) from error
        for name, stats in results:
            self.stdout.write(
                f"{name}: {stats.created} utworzono, {stats.updated} zmieniono, "
                f"{stats.unchanged} bez zmian"
            )
        consultation_stats = load_consultations()
        self.stdout.write(
            f"consultations.json: {consultation_stats.created} utworzono, "
            f"{consultation_stats.updated} zmieniono, {consultation_stats.unchanged} bez zmian"
        )
        if load_identity():
            self.stdout.write("Dane podmiotu: Miejski Ośrodek Pomocy Rodzinie w Białymstoku")
        created = create_demo_accounts()
        if created:
            self.stdout.write("Konta demonstracyjne: " + ", ".join(created))
        self.stdout.write(self.style.SUCCESS("Dane demonstracyjne są wczytane."))
