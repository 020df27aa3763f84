"""Reading the results: a department head follows progress on a dashboard; a visitor without an
account downloads a published report."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.e2e.helpers import log_in, screenshot

STRATEGY = "strategia-2021-2030"
# The report is rendered within the download request (see conftest.site): allow for WeasyPrint.
RENDER_TIMEOUT = 180_000


def test_department_head_follows_progress_on_the_dashboard(page):
    log_in(page, "dyrektor")
    page.goto(f"/programmes/{STRATEGY}/")
    page.locator(f"a[href='/programmes/{STRATEGY}/dashboard/']").first.click()
    page.wait_for_url(f"**/programmes/{STRATEGY}/dashboard/**")
    screenshot(page, "dashboard-department-head")
    assert page.locator("h1").inner_text().strip()
    tables = page.locator("main table.data")
    assert tables.count() >= 1
    # Department heads see who is late with the year under way.
    completeness = page.locator("main table.data").get_by_role("link", name="PUP", exact=True)
    assert completeness.count() == 1, "the completeness by organisation is missing"
    # Every chart carries its figures in words (img alt or an SVG's title and description).
    alternatives = page.locator("main img, main svg[role=img]").evaluate_all(
        """(charts) => charts.map(chart => chart.tagName === 'IMG' ? chart.alt
            : (chart.getAttribute('aria-label') || chart.textContent))"""
    )
    assert all(text and text.strip() for text in alternatives), alternatives


def _published_year(django_db_blocker):
    """A published report from the demo data (the Strategy 2011–2020's 2020 report); while the
    fixtures do not have one yet, the Strategy 2021–2030's 2022 report is published here."""
    from django.utils import timezone

    from programs.models import ReportingYear

    with django_db_blocker.unblock():
        published = ReportingYear.objects.published().select_related("programme").first()
        if published is None:
            published = ReportingYear.objects.select_related("programme").get(
                programme__slug=STRATEGY, year=2022)
            published.state = ReportingYear.State.PUBLISHED
            published.accepted_by = "PREZYDENT MIASTA"
            published.accepted_on = timezone.localdate()
            published.published_at = timezone.now()
            published.save()
    return published.programme.slug, published.year


def test_visitor_downloads_a_published_report(page, django_db_blocker):
    slug, year = _published_year(django_db_blocker)
    page.goto("/")
    page.locator("a[href='/reports/']").first.click()
    page.wait_for_url("**/reports/")
    screenshot(page, "reports-public")
    # Years still under way are not offered to the public.
    assert page.locator(f"a[href='/programmes/{STRATEGY}/2022/report.pdf']").count() == (
        1 if (slug, year) == (STRATEGY, 2022) else 0
    )

    pdf_link = page.locator(f"a[href='/programmes/{slug}/{year}/report.pdf']")
    with page.expect_download(timeout=RENDER_TIMEOUT) as download:
        pdf_link.click(timeout=RENDER_TIMEOUT)
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert len(reader.pages) >= 1
    assert str(year) in reader.pages[0].extract_text()

    page.goto("/reports/")
    xlsx_link = page.locator(f"a[href='/programmes/{slug}/{year}/report.xlsx']")
    with page.expect_download(timeout=RENDER_TIMEOUT) as download:
        xlsx_link.click(timeout=RENDER_TIMEOUT)
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    assert workbook.sheetnames
    assert any(
        cell is not None for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True) for cell in row
    )
