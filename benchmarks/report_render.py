"""Speed of the yearly report: pages per second, XLSX time, memory and cached download latency.

    .venv/bin/python benchmarks/report_render.py

Uses its own throwaway SQLite database (/tmp/report_bench.sqlite3): the real 2020 report of the
Strategy 2011–2020 (from fixtures/, when its file is there), a synthetic programme of the same
size and one ten times larger (to show linear scaling). Peak memory of the large render is the
``ru_maxrss`` of a child process that renders only that.
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DB_PATH = "/tmp/report_bench.sqlite3"
sys.path.insert(0, str(BASE_DIR))
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from programs.models import Programme, ReportingYear  # noqa: E402
from reports.builder import build_report  # noqa: E402
from reports.exporters import ReportPDFExporter, ReportXLSXExporter  # noqa: E402

REAL_SLUG = "strategia-2011-2020"


def setup_database() -> None:
    if os.path.exists(DB_PATH):
        os.remove(DB_PATH)
    call_command("migrate", verbosity=0)
    from demo.programmes import FIXTURES_DIR, PROGRAMME_FILES, load_programmes

    if (FIXTURES_DIR / PROGRAMME_FILES[0]).exists():
        load_programmes()


def synthetic(slug: str, scale: int) -> Programme:
    from tests.factories import build_programme

    programme = build_programme(goals=7 * scale, tasks_per_goal=10, indicators_per_task=2,
                                years=(2019, 2020), slug=slug)
    ReportingYear.objects.create(programme=programme, year=2020, state="published",
                                 conclusion="Wniosek końcowy.", signatory_name="Dyrektor")
    return programme


def render_pdf(slug: str) -> tuple[float, int]:
    import io

    from pypdf import PdfReader

    programme = Programme.objects.get(slug=slug)
    reporting_year = programme.reporting_years.get(year=2020)
    started = time.perf_counter()
    content = ReportPDFExporter(build_report(programme, reporting_year)).render()[2]
    return time.perf_counter() - started, len(PdfReader(io.BytesIO(content)).pages)


def render_xlsx(slug: str) -> float:
    programme = Programme.objects.get(slug=slug)
    reporting_year = programme.reporting_years.get(year=2020)
    started = time.perf_counter()
    ReportXLSXExporter(build_report(programme, reporting_year)).render()
    return time.perf_counter() - started


def cached_latency(slug: str) -> float:
    from django.test import Client

    settings.REPORTS_RENDER_INLINE = True
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    url = f"/programmes/{slug}/2020/report.pdf"
    assert client.get(url).status_code == 200  # renders and stores
    times = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(times) * 1000


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child-render":
        render_pdf(sys.argv[2])
        return
    setup_database()
    has_real = Programme.objects.filter(slug=REAL_SLUG).exists()
    synthetic("bench-1x", 1)
    synthetic("bench-10x", 10)
    rows = []
    if has_real:
        seconds, pages = render_pdf(REAL_SLUG)
        rows.append(("2020 report, Strategy 2011–2020 (PDF)", seconds, pages))
    else:
        print(f"({REAL_SLUG} is not in fixtures/ yet: only synthetic figures)")
    one = render_pdf("bench-1x")
    ten = render_pdf("bench-10x")
    rows += [("synthetic programme 1× (PDF)", *one), ("synthetic programme 10× (PDF)", *ten)]
    for label, seconds, pages in rows:
        print(f"{label}: {pages} pages in {seconds:.2f} s = {pages / seconds:.2f} pages/s")
    print(f"10× / 1× time: {ten[0] / one[0]:.1f} (linear would be about 10, "
          f"pages {ten[1] / one[1]:.1f}×)")
    xlsx_slug = REAL_SLUG if has_real else "bench-1x"
    print(f"XLSX of {xlsx_slug}: {render_xlsx(xlsx_slug):.3f} s")
    print(f"XLSX of bench-10x: {render_xlsx('bench-10x'):.3f} s")
    subprocess.run([sys.executable, __file__, "--child-render", "bench-10x"], check=True)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak memory of the 10× PDF render: {peak_kib / 1024:.0f} MiB")
    latency_slug = REAL_SLUG if has_real else "bench-1x"
    print(f"cached PDF download of {latency_slug}: {cached_latency(latency_slug):.1f} ms "
          "(median of 20)")


if __name__ == "__main__":
    main()
