"""The review page with 300 values of 30 organisations and the entry form with errors, at
1366 px and at 640 px (200 % zoom): the decision column stays in view, long reasons wrap, the
page never scrolls sideways (the table scrolls in its own box), the error summary comes first.
Screenshots: artifacts/screenshots/size-*.png."""

from decimal import Decimal

import pytest

from tests.e2e.helpers import SCREENSHOTS_DIR, assert_accessible, idle, log_in, screenshot

SLUG = "program-300"
YEAR = 2024
REASON = ("Dane za rok sprawozdawczy zostaną opublikowane przez Główny Urząd Statystyczny "
          "dopiero w październiku, po terminie złożenia sprawozdania.")
WIDTHS = (1366, 640)


def _programme_of_300():
    from indicators.models import Direction, Indicator, IndicatorValue, Unit, ValueKind
    from programs.models import Objective, Organisation, Programme, ReportingYear

    programme = Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title="Program o 300 wskaźnikach", short_name="P300",
        slug=SLUG, first_year=2020, last_year=2026, status=Programme.Status.ADOPTED,
        level_names=["Cel", "Zadanie"])
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organizacja realizująca nr {n}", short_name=f"ORG{n}")
        for n in range(1, 31))
    goal = Objective.objects.create(programme=programme, code="1", title="Cel 1")
    indicators = []
    for n, organisation in enumerate(organisations, start=1):
        task = Objective.objects.create(programme=programme, parent=goal, code=f"1.{n}",
                                        title=f"Zadanie 1.{n}", position=n)
        indicators += Indicator.objects.bulk_create(
            Indicator(objective=task, name=f"Liczba osób objętych wsparciem w działaniu {k}",
                      unit=Unit.PERSONS, value_kind=ValueKind.INTEGER,
                      direction=Direction.INCREASE, reporting_organisation=organisation,
                      position=k)
            for k in range(1, 11))
    ReportingYear.objects.create(programme=programme, year=YEAR)
    values = []
    for i, indicator in enumerate(indicators):
        for year in (2021, 2022, 2023):
            values.append(IndicatorValue(indicator=indicator, year=year,
                                         number=Decimal(100 + i + year - 2021),
                                         state=IndicatorValue.State.ACCEPTED))
        no_data = i % 7 == 0
        values.append(IndicatorValue(
            indicator=indicator, year=YEAR, state=IndicatorValue.State.SUBMITTED,
            number=None if no_data else Decimal(90 + i * 3), no_data=no_data,
            no_data_reason=REASON if no_data else "",
            remarks="Wartość obejmuje także uczestników z gmin ościennych." if i % 5 == 0
            else ""))
    IndicatorValue.objects.bulk_create(values)


def _no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_review_page_with_300_values(new_page, django_db_blocker, width):
    with django_db_blocker.unblock():
        _programme_of_300()
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, "koordynator")
    page.goto(f"/programmes/{SLUG}/{YEAR}/review/")
    idle(page)
    assert page.locator("input[name='selected']").count() == 300
    assert _no_sideways_scroll(page), "the page scrolls sideways"
    # The decision column of the first row is on screen without scrolling the table.
    box = page.locator(".review-table tbody tr").first.locator("td.decision-col").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    # A long reason wraps: its cell is far narrower than the reason on one line.
    reason_cell = page.locator(".review-table td.value-cell.no-data").first.bounding_box()
    assert reason_cell["width"] < 400
    # What the coordinator sees: the top of the page, and the table's first screen.
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS_DIR / f"size-review-300-{width}-top.png"))
    page.locator("#review-form").scroll_into_view_if_needed()
    page.evaluate("() => document.getElementById('review-form').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS_DIR / f"size-review-300-{width}-table.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_entry_form_with_errors(new_page, width):
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, "realizator")
    page.goto("/programmes/strategia-2021-2030/2022/entry/")
    idle(page)
    fields = page.locator("input.value-input")
    for index in range(min(3, fields.count())):
        fields.nth(index).fill("12,5,3")
    idle(page)
    page.click("button[name=submit]")
    idle(page)
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    links = summary.locator("a")
    assert links.count() >= 1
    target = links.first.get_attribute("href")
    links.first.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == target
    assert _no_sideways_scroll(page), "the page scrolls sideways"
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, f"size-entry-errors-{width}")
    page.screenshot(path=str(SCREENSHOTS_DIR / f"size-entry-errors-{width}-top.png"))
    page.locator(".has-error").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS_DIR / f"size-entry-errors-{width}-row.png"))
    if width == WIDTHS[0]:
        assert_accessible(page, f"size-entry-errors-{width}")
