"""Uploads that cannot take the server down (issue 18, rows 1 and 2): the sizes of an archive's
members are measured while unpacking them, never taken from what the archive declares, and the
cells and rows of the worksheets are counted before any parser reads them."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spreadsheets import files, services
from spreadsheets.files import SpreadsheetError, check_xlsx
from spreadsheets.models import PendingUpload
from tests import concurrency
from tests.uploads import MB, concurrent_uploads, large_sheet, lying_zip, production_site

from .builders import SIMPLE_HEADERS, programme_file, simple_rows
from .conftest import YEAR

_BOMBS = {}


def bomb(kind: str, content: bytes, member: str) -> bytes:
    # About 1 MB that unpacks to 1 GB: made once per test session (it takes a second or two).
    if kind not in _BOMBS:
        _BOMBS[kind] = lying_zip(content, member, 1024 * MB)
    return _BOMBS[kind]


def peak_memory(function):
    tracemalloc.start()
    try:
        function()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_the_lying_zip_is_a_real_xlsx_of_about_one_megabyte():
    content = bomb("programme", programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS),
                   "xl/worksheets/sheet5.xml")
    assert len(content) < 1.5 * MB
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(info.file_size for info in archive.infolist()) < MB
        assert archive.testzip() is None  # zipfile itself sees nothing wrong


@pytest.mark.django_db
def test_a_programme_file_that_unpacks_to_more_than_it_declares_is_refused_in_little_memory():
    content = bomb("programme", programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS),
                   "xl/worksheets/sheet5.xml")
    raised = []

    def preview():
        try:
            services.programme_preview(content=content, filename="program.xlsx")
        except SpreadsheetError as error:
            raised.append(error)

    peak = peak_memory(preview)
    assert raised, "the lying file was accepted"
    assert "rozpakowuje się do większego rozmiaru" in raised[0].messages[0]
    assert peak < 200 * MB, f"{peak / MB:.0f} MB"


def test_a_value_sheet_that_unpacks_to_more_than_it_declares_is_refused_at_the_upload(
        client, setup, data_entry, sheet_for):
    content = bomb("values", sheet_for(data_entry, setup, data_entry.organisation),
                   "xl/worksheets/sheet1.xml")
    client.force_login(data_entry)
    url = reverse("spreadsheets:value_upload", args=[setup.programme.slug, YEAR])
    responses = []
    peak = peak_memory(lambda: responses.append(
        client.post(url, {"file": SimpleUploadedFile("wartosci.xlsx", content)})))
    assert responses[0].status_code == 400
    assert "rozpakowuje się do większego rozmiaru" in responses[0].content.decode()
    assert not PendingUpload.objects.exists()
    assert peak < 200 * MB, f"{peak / MB:.0f} MB"


def test_an_archive_of_many_small_members_is_measured_as_a_whole():
    # Each member tells the truth, but together they unpack to more than 50 MB.
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(6):
            archive.writestr(f"xl/media/image{number}.bin", b"\0" * (10 * MB))
    with pytest.raises(SpreadsheetError, match="po rozpakowaniu"):
        check_xlsx(raw.getvalue())


def test_a_value_sheet_of_a_million_and_a_half_cells_is_refused_before_parsing(
        client, setup, data_entry, sheet_for):
    content = large_sheet(sheet_for(data_entry, setup, data_entry.organisation))
    assert len(content) <= 5 * MB
    client.force_login(data_entry)
    url = reverse("spreadsheets:value_upload", args=[setup.programme.slug, YEAR])
    begin = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile("wartosci.xlsx", content)})
    elapsed = time.perf_counter() - begin
    assert response.status_code == 400
    assert "więcej komórek lub wierszy, niż można tu przyjąć" in response.content.decode()
    assert elapsed < 1, f"{elapsed:.1f} s"


def test_a_value_sheet_within_the_limits_is_still_read(client, setup, data_entry, sheet_for):
    # 250 rows of 20 cells more than the real rows: within the limits.
    content = large_sheet(sheet_for(data_entry, setup, data_entry.organisation), rows=250)
    summary = check_xlsx(content, max_cells=files.VALUE_SHEET_MAX_CELLS,
                         max_rows=files.VALUE_SHEET_MAX_ROWS)
    assert summary.cells > 5_000


def test_a_programme_file_over_the_limits_is_refused_before_parsing():
    content = large_sheet(programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS),
                          rows=12_000, member="xl/worksheets/sheet5.xml")
    with pytest.raises(SpreadsheetError, match="więcej komórek lub wierszy"):
        services.programme_preview(content=content)


@pytest.mark.concurrent
def test_three_concurrent_large_uploads_leave_the_site_answering(tmp_path):
    """As in production: gunicorn with three synchronous workers. Three data-entry users send a
    value sheet of 1.5 million cells at once; a visitor's page keeps answering within a
    second (before: each upload held a worker for 20 s and more, the page waited for them)."""
    engine = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] \
        else "sqlite"
    with concurrency.throwaway_database(engine, tmp_path) as url, \
            production_site(url, tmp_path) as site:
        browser = concurrency.Browser(site, concurrency.Stats())
        assert browser.login("realizator", "realizator-demo")
        base = f"/spreadsheets/programmes/{concurrency.OPEN_PROGRAMME}/{concurrency.OPEN_YEAR}"
        sheet = browser.request("download", "GET", f"{base}/values.xlsx")
        assert sheet is not None
        content = large_sheet(sheet.body)
        results, page_times = concurrent_uploads(site, content, path=f"{base}/upload/",
                                                 page="/reports/")
        logs = site.logs()
    for seconds, response in results:
        assert response is not None and response.status == 400, logs
        assert "więcej komórek lub wierszy" in response.text
        assert seconds < 3, f"an upload took {seconds:.1f} s"
    assert max(page_times) < 1, f"the page took {max(page_times):.2f} s"
