"""The yearly cycle in a real browser, as the people do it: the labour office (``realizator``)
enters its values for the open year of the Strategy 2021–2030, the coordinator returns one,
the office corrects it, the coordinator accepts everything, locks the year and downloads the
report as PDF and XLSX."""

import io
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.e2e.helpers import assert_accessible, idle, log_in, screenshot

SLUG = "strategia-2021-2030"
YEAR = 2022
ENTRY = f"/programmes/{SLUG}/{YEAR}/entry/"
REVIEW = f"/programmes/{SLUG}/{YEAR}/review/"
BAD_NUMBER = "12,5,3"
# Buttons by their names in the form, not their (translated) labels.
SAVE = "button[name=save]"
SUBMIT = "button[name=submit]"
RECORD_DECISIONS = "button[name=record]"


def _polish(number: Decimal, *, whole: bool) -> str:
    """A number as a person types it: "1 200" or "52,5"."""
    if whole:
        return f"{int(number):,}".replace(",", " ")
    return format(number.normalize(), "f").replace(".", ",")


def _labour_office_indicators():
    from indicators.models import Indicator
    from programs.models import Organisation, Programme

    programme = Programme.objects.get(slug=SLUG)
    office = Organisation.objects.get(short_name="PUP")
    indicators = list(
        Indicator.objects.for_programme(programme).filter(reporting_organisation=office)
        .order_by("pk")
    )
    assert indicators, "The demo data gives the labour office (PUP) no indicator to report."
    return programme, office, indicators


def _other_organisations_done(programme, office):
    """The other organisations have entered their values and the coordinator has accepted them
    (arranged in the database: this scenario follows one organisation)."""
    from indicators.models import Indicator, IndicatorValue

    others = (
        Indicator.objects.for_programme(programme)
        .filter(reporting_organisation__isnull=False)
        .exclude(reporting_organisation=office)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator, year=YEAR, state=IndicatorValue.State.ACCEPTED,
            **({"number": indicator.target_value or Decimal(1)} if indicator.is_numeric
               else {"text": "Zadanie zrealizowano zgodnie z planem."}),
        )
        for indicator in others
    )


def _value_field(page, indicator):
    return page.locator(f"#id_v{indicator.pk}-value")


def _fill_values(page, indicators):
    """Each value at its target (so none needs a deviation assessment), else at the latest
    number of its measure where the caller set ``latest_number`` (a measure shared with an
    earlier programme: the typo guard would ask about 10 after 7 943), else 10."""
    from indicators.models import ValueKind

    for indicator in indicators:
        number = (indicator.target_value or getattr(indicator, "latest_number", None)
                  or Decimal(10))
        _value_field(page, indicator).fill(
            _polish(number, whole=indicator.value_kind == ValueKind.INTEGER)
        )


def test_enter_review_return_correct_accept_lock_and_download(new_page, django_db_blocker):
    with django_db_blocker.unblock():
        programme, office, indicators = _labour_office_indicators()
        _other_organisations_done(programme, office)
    first, returned = indicators[0], indicators[1]

    # The labour office finds the open year on its start page.
    office_page = new_page()
    log_in(office_page, "realizator")
    waiting = office_page.locator("#waiting tr", has_text=programme.title)
    waiting.get_by_role("link").click()
    office_page.wait_for_url(f"**{ENTRY}")
    screenshot(office_page, "entry-form")

    # One number typed wrong: the error shows as you type, and again after saving.
    _fill_values(office_page, indicators)
    _value_field(office_page, first).fill(BAD_NUMBER)
    error_box = office_page.locator(f"#err-v{first.pk}-value")
    error_box.locator("p").wait_for()
    idle(office_page)
    office_page.click(SAVE)
    idle(office_page)
    assert office_page.locator(".message-error").is_visible()
    field = _value_field(office_page, first)
    assert field.input_value() == BAD_NUMBER, "the typed text must be kept in the field"
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == f"err-v{first.pk}-value"
    assert error_box.inner_text().strip(), "the error is next to the field"
    assert error_box.get_attribute("aria-live") == "polite"
    assert_accessible(office_page, "entry-form-with-errors")

    # Fixed, saved as a draft, then submitted.
    _fill_values(office_page, [first])
    idle(office_page)
    office_page.click(SAVE)
    idle(office_page)
    assert office_page.locator(".message-success").is_visible()
    assert _value_field(office_page, first).get_attribute("aria-invalid") is None
    office_page.click(SUBMIT)
    idle(office_page)
    assert office_page.locator(".message-success").is_visible(), office_page.locator(
        ".messages").inner_text()
    screenshot(office_page, "entry-form-submitted")

    # The coordinator returns one value with a comment and accepts the rest.
    from indicators.models import IndicatorValue

    idle(office_page)
    with django_db_blocker.unblock():
        value_ids = dict(IndicatorValue.objects.filter(
            indicator__in=indicators, year=YEAR).values_list("indicator_id", "pk"))
        assert set(IndicatorValue.objects.filter(pk__in=value_ids.values()).values_list(
            "state", flat=True)) == {IndicatorValue.State.SUBMITTED}
    coordinator_page = new_page()
    log_in(coordinator_page, "koordynator")
    coordinator_page.goto(f"{REVIEW}?organisation={office.pk}")
    assert_accessible(coordinator_page, "review")
    comment = "Proszę sprawdzić: wartość wydaje się za wysoka."
    for indicator in indicators:
        value_id = value_ids[indicator.pk]
        action = "return" if indicator == returned else "accept"
        coordinator_page.check(f"input[name='r{value_id}-action'][value='{action}']")
    coordinator_page.fill(f"#id_r{value_ids[returned.pk]}-comment", comment)
    coordinator_page.click(RECORD_DECISIONS)
    idle(coordinator_page)
    assert coordinator_page.locator(".message-success").is_visible()

    # The office sees the comment beside the value, corrects it and submits again.
    office_page.goto(ENTRY)
    row = office_page.locator(f"#row-{returned.pk}")
    assert comment in row.inner_text()
    _value_field(office_page, returned).fill("1 111")
    idle(office_page)
    office_page.click(SUBMIT)
    idle(office_page)
    assert office_page.locator(".message-success").is_visible(), office_page.locator(
        ".messages").inner_text()

    # The coordinator accepts the corrected value and locks the year.
    coordinator_page.goto(f"{REVIEW}?organisation={office.pk}")
    coordinator_page.check(f"input[name='r{value_ids[returned.pk]}-action'][value='accept']")
    coordinator_page.click(RECORD_DECISIONS)
    idle(coordinator_page)
    coordinator_page.click(f"a[href='/programmes/{SLUG}/{YEAR}/lock/']")
    coordinator_page.fill("#id_conclusion", "Zadania strategii realizowano zgodnie z planem.")
    coordinator_page.fill("#id_accepted_by", "PREZYDENT MIASTA")
    coordinator_page.click("main form.form button[type=submit]")
    idle(coordinator_page)
    assert coordinator_page.locator(".message-success").is_visible(), coordinator_page.content()
    screenshot(coordinator_page, "review-locked")

    # The locked year refuses edits in the form.
    office_page.goto(ENTRY)
    assert office_page.locator(".value-input").count() == 0
    assert office_page.locator(SAVE).count() == 0

    # The report of the accepted year, as PDF and XLSX, opens.
    pdf = _download(coordinator_page, f"/programmes/{SLUG}/{YEAR}/report.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert str(YEAR) in text
    xlsx = _download(coordinator_page, f"/programmes/{SLUG}/{YEAR}/report.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx), read_only=True)
    cells = [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    ]
    assert any(str(YEAR) in str(cell) for cell in cells)


def _download(page, url: str) -> bytes:
    """Follow a download link from the reports page as the browser does (a click, the file
    saved) and read the file."""
    page.goto("/reports/")
    link = page.locator(f"a[href='{url}']")
    with page.expect_download(timeout=180_000) as download_info:
        link.click(timeout=180_000)  # the file is rendered within this request
    return download_info.value.path().read_bytes()
