"""``manage.py prerender_reports``: render now every published report whose file for the current
data is missing (PDF and XLSX, default layout), so the first download is served at once.

``make run`` calls it after loading the demo data, before the server starts; the worker queues
the same work when it starts (``db_worker``).
"""

import time

from django.core.management.base import BaseCommand

from reports.rendering import published_reports_render


class Command(BaseCommand):
    help = "Render the published reports that have no file for the current data yet."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = published_reports_render()
        self.stdout.write(
            f"Opublikowane raporty są gotowe do pobrania (wygenerowane teraz: "
            f"{count}, {time.perf_counter() - started:.1f} s)."
        )
