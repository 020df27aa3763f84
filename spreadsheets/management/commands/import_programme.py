"""Import a programme set-up spreadsheet from the command line: the same checks, preview and
import as the web page (``spreadsheets.services``)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from spreadsheets import services
from spreadsheets.files import SpreadsheetError


class Command(BaseCommand):
    help = "Import a programme from a set-up spreadsheet (XLSX); --dry-run only shows the preview."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the filled programme template (.xlsx)")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and print the preview; change nothing")

    def handle(self, *args, file, dry_run, **options):
        with translation.override(settings.LANGUAGE_CODE):
            path = Path(file)
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": file})
            content = path.read_bytes()
            try:
                if dry_run:
                    preview = services.programme_preview(content=content, filename=path.name)
                else:
                    _programme, stats, preview = services.programme_import(
                        content=content, filename=path.name)
            except SpreadsheetError as error:
                raise CommandError("\n".join(
                    [_("The file was not imported; nothing was changed:")] + error.messages
                )) from None
            self._print_preview(preview)
            if dry_run:
                self.stdout.write(_("Dry run: nothing was changed."))
            else:
                self.stdout.write(self.style.SUCCESS(
                    _("Imported: %(created)d records created, %(updated)d changed, "
                      "%(unchanged)d unchanged.")
                    % {"created": stats.created, "updated": stats.updated,
                       "unchanged": stats.unchanged}))

    def _print_preview(self, preview):
        spec = preview.data["programme"]
        write = self.stdout.write
        write(_("Programme: %(title)s (%(slug)s), %(first)s–%(last)s")
              % {"title": spec["title"], "slug": spec["slug"], "first": spec["first_year"],
                 "last": spec["last_year"]})
        write(_("It exists and will be updated.") if preview.existing
              else _("It is new and will be created."))
        write(_("Goal-tree levels: %(levels)s") % {"levels": " → ".join(spec["level_names"])})
        write(_("Goal-tree nodes: %(n)d, indicators: %(m)d, past values: %(v)d")
              % {"n": preview.parsed.objective_count, "m": preview.parsed.indicator_count,
                 "v": preview.parsed.value_count})
        if preview.stats:
            write(_("Records to create: %(created)d; to change: %(updated)d; unchanged: "
                    "%(unchanged)d.") % {"created": preview.stats.created,
                                         "updated": preview.stats.updated,
                                         "unchanged": preview.stats.unchanged})
        write(_("Organisations matched to known ones: %(n)d") % {"n": len(preview.matched)})
        for question in preview.questions:
            write(self.style.WARNING("? " + _(
                "%(name)s: not matched to %(candidates)s (only a short name or a similar "
                "spelling); it becomes a new organisation. If it is that one, give the name as "
                "another name of it on the Organisations sheet.")
                % {"name": question.name,
                   "candidates": "; ".join(c.name for c in question.candidates)}))
        write(_("New organisations: %(n)d") % {"n": len(preview.new)})
        for match in preview.new:
            line = f"  + {match.name}"
            if match.similar:
                line += " — " + _("possibly a duplicate of: %(names)s") % {
                    "names": "; ".join(match.similar)}
            write(line)
        for warning in preview.warnings:
            write(self.style.WARNING(f"! {warning}"))
