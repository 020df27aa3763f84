"""Hostile and heavy spreadsheet uploads (issue 18, rows 1 and 2): what each case costs.

    .venv/bin/python benchmarks/upload_limits.py          # ports: CONCURRENT_USE_PORTS=8500-8549

Prepares a throwaway SQLite database as ``make run`` does (migrate, demo data) and serves it as
in production: gunicorn with three synchronous workers. ``realizator`` downloads its value sheet
of the open year, from which the cases are made. Prints, for each case:

- **lying zip**: the value sheet with its worksheet followed by 1 GB of spaces once unpacked,
  the archive declaring the true (small) sizes — file size, declared size, the time to refuse
  it and the peak memory (tracemalloc) of the check in this process;
- **large sheet**: the value sheet swollen to 1.5 million cells (within 5 MB and 50 MB
  unpacked) — the time to refuse it; and the largest sheet still accepted (6,500 cells)
  — the time to read it (checks and openpyxl);
- **three concurrent**: three data-entry users sending the 1.5-million-cell sheet at once to the
  site, then three sending the largest accepted one, while a visitor keeps opening the reports
  page — each upload's time and status, and the page's median and worst time meanwhile.
"""

import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="upload-bench-"))
DATABASE = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DATABASE_URL"] = DATABASE
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CONCURRENT_USE_PORTS", "8500-8549")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from spreadsheets import files  # noqa: E402
from tests import concurrency  # noqa: E402
from tests.uploads import (  # noqa: E402
    MB,
    VALUE_SHEET_MEMBER,
    concurrent_uploads,
    large_sheet,
    lying_zip,
    production_site,
)


def measured(function):
    """(seconds, peak traced memory in MB, the error message or "accepted"): timed on its own,
    then run again under tracemalloc (which slows Python down) for the memory."""

    def run():
        try:
            function()
            return "accepted"
        except files.SpreadsheetError as error:
            return error.messages[0]

    begin = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - begin
    tracemalloc.start()
    run()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / MB, outcome


def open_value_sheet(content):
    return files.open_workbook(content, "wartosci.xlsx", max_cells=files.VALUE_SHEET_MAX_CELLS,
                               max_rows=files.VALUE_SHEET_MAX_ROWS)


def summary(times):
    return (f"median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
            f"({len(times)} requests)")


def main():
    translation.activate("pl")
    with production_site(DATABASE, TMP) as site:
        browser = concurrency.Browser(site, concurrency.Stats())
        assert browser.login("realizator", "realizator-demo")
        base = f"/spreadsheets/programmes/{concurrency.OPEN_PROGRAMME}/{concurrency.OPEN_YEAR}"
        sheet = browser.request("download", "GET", f"{base}/values.xlsx").body

        print("== lying zip ==")
        bomb = lying_zip(sheet, VALUE_SHEET_MEMBER)
        declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
        seconds, peak, outcome = measured(lambda: open_value_sheet(bomb))
        print(f"file {len(bomb) / MB:.2f} MB, declared unpacked {declared / 1024:.0f} kB, "
              f"really 1024 MB more: refused in {seconds * 1000:.0f} ms, peak memory "
              f"{peak:.1f} MB\n  {outcome}")

        print("== large sheet ==")
        huge = large_sheet(sheet)
        seconds, peak, outcome = measured(lambda: open_value_sheet(huge))
        print(f"1.5 million cells ({len(huge) / MB:.2f} MB): refused in {seconds * 1000:.0f} "
              f"ms, peak memory {peak:.1f} MB\n  {outcome}")
        real = files.check_xlsx(sheet)
        extra_rows = min((files.VALUE_SHEET_MAX_CELLS - real.cells) // 20,
                         files.VALUE_SHEET_MAX_ROWS - real.rows)
        largest = large_sheet(sheet, rows=extra_rows)
        seconds, peak, outcome = measured(lambda: open_value_sheet(largest))
        print(f"largest accepted ({extra_rows} extra rows × 20 cells, {len(largest) / MB:.2f} "
              f"MB): read in {seconds * 1000:.0f} ms, peak memory {peak:.1f} MB ({outcome})")

        print("== three concurrent (gunicorn, 3 sync workers) ==")
        visitor = concurrency.Browser(site, concurrency.Stats())
        idle = []
        for _ in range(10):
            begin = time.perf_counter()
            visitor.request("page", "GET", "/reports/")
            idle.append(time.perf_counter() - begin)
        print(f"the reports page with nothing else going on: {summary(idle)}")
        for label, content in (("1.5 million cells", huge), ("largest accepted", largest)):
            results, page_times = concurrent_uploads(site, content, path=f"{base}/upload/",
                                                     page="/reports/")
            uploads = ", ".join(
                f"{seconds:.2f} s (HTTP {response.status if response else 'none'})"
                for seconds, response in results)
            print(f"{label}: uploads {uploads}; the reports page meanwhile: "
                  f"{summary(page_times)}")


if __name__ == "__main__":
    main()
