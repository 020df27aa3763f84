"""Compile the .po catalogues to .mo with Babel, so a fresh machine needs no GNU gettext."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_files():
    """The project's catalogue (``locale/``) and each of our apps' own (``<app>/locale/``)."""
    locale_dirs = [Path(path) for path in settings.LOCALE_PATHS]
    base = Path(settings.BASE_DIR)
    for app in apps.get_app_configs():
        app_dir = Path(app.path)
        if app_dir.parent == base:
            locale_dirs.append(app_dir / "locale")
    for locale_dir in locale_dirs:
        yield from sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po → .mo) without GNU gettext."

    def handle(self, *args, **options):
        for po_path in catalogue_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with open(po_path, "rb") as handle:
                catalogue = read_po(handle, locale=po_path.parts[-3])
            with open(mo_path, "wb") as handle:
                write_mo(handle, catalogue, use_fuzzy=False)
            self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)} → .mo")
