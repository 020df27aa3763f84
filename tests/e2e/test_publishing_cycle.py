"""The whole yearly cycle at the size of a real programme, to the end: the coordinator opens
2023 of the Strategy 2021–2030; the labour office (``realizator``) and a second organisation
enter and submit their values in the browser, the others' arrive submitted; the coordinator
returns one value, which reaches the office (e-mail and its start page) and is corrected; the
coordinator accepts everything at once, locks the year with the signatory and the dates, and
publishes it; a visitor without an account finds the report in /reports/ and downloads the
PDF, whose cover prints the acceptance date in words."""

import io
from decimal import Decimal

from pypdf import PdfReader

from tests.e2e.helpers import assert_accessible, idle, log_in, screenshot
from tests.e2e.test_yearly_cycle import _fill_values, _value_field

SLUG = "strategia-2021-2030"
YEAR = 2023
ENTRY = f"/programmes/{SLUG}/{YEAR}/entry/"
REVIEW = f"/programmes/{SLUG}/{YEAR}/review/"
PDF = f"/programmes/{SLUG}/{YEAR}/report.pdf"
SECOND_USER, SECOND_PASSWORD = "realizator-mopr", "realizator-mopr-e2e"


def _arrange():
    """The second organisation's data-entry user, the office's e-mail, and every other
    organisation's values of 2023 submitted (this scenario follows two organisations)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles
    from indicators.models import Indicator, IndicatorValue
    from programs.models import Organisation, Programme

    programme = Programme.objects.get(slug=SLUG)
    office = Organisation.objects.get(short_name="PUP")
    office.email = "pup@example.org"
    office.save()
    assigned = Indicator.objects.for_programme(programme).filter(
        reporting_organisation__isnull=False)
    second = (assigned.exclude(reporting_organisation=office)
              .values_list("reporting_organisation", flat=True).order_by("pk").first())
    second = Organisation.objects.get(pk=second)
    user = get_user_model().objects.create_user(SECOND_USER, password=SECOND_PASSWORD,
                                                organisation=second)
    user.groups.add(Group.objects.get(name=roles.DATA_ENTRY))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator, year=YEAR, state=IndicatorValue.State.SUBMITTED,
            **({"number": indicator.target_value or Decimal(1)} if indicator.is_numeric
               else {"text": "Zadanie zrealizowano zgodnie z planem."}),
        )
        for indicator in assigned.exclude(reporting_organisation__in=[office, second])
    )
    office_indicators = list(assigned.filter(reporting_organisation=office).order_by("pk"))
    second_indicators = list(assigned.filter(reporting_organisation=second).order_by("pk"))
    # Measures shared with the 2011–2020 strategy carry its 2020 number on: a number near it
    # that meets the indicator's direction (the typo guard and the deviation rule stay quiet).
    from indicators.judging import Status, judge

    for indicator in office_indicators + second_indicators:
        latest = indicator.values.filter(number__isnull=False).order_by("-year").first()
        indicator.latest_number = None
        if latest is not None:
            indicator.latest_number = next(
                (number for number in (latest.number * Decimal("1.05"), latest.number,
                                       latest.number * Decimal("0.95"))
                 if judge(direction=indicator.direction, target_value=None, target_year=None,
                          less_is_better=indicator.less_is_better, year=YEAR,
                          value=number.to_integral_value(), comparison_value=latest.number,
                          comparison_year=latest.year, tolerance=Decimal(10)).status
                 != Status.NOT_MET),
                latest.number).to_integral_value()
    return programme, office_indicators, second_indicators, assigned.count()


def _log_in_second(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", SECOND_USER)
    page.fill("#id_password", SECOND_PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    idle(page)


def _enter_and_submit(page, indicators):
    page.goto(ENTRY)
    _fill_values(page, indicators)
    for indicator in indicators:
        if not indicator.is_numeric:
            _value_field(page, indicator).fill("Zrealizowano.")
    idle(page)
    page.click("button[name=submit]")
    idle(page)
    assert page.locator(".message-success").is_visible(), page.locator(".messages").inner_text()


def test_open_enter_return_accept_all_lock_publish_and_download(new_page, django_db_blocker,
                                                                mailoutbox):
    coordinator = new_page()
    log_in(coordinator, "koordynator")
    coordinator.goto(f"/programmes/{SLUG}/years/open/")
    coordinator.fill("#id_year", str(YEAR))
    coordinator.fill("#id_deadline", f"{YEAR + 1}-01-31")
    coordinator.click("main form button[type=submit]")
    coordinator.wait_for_url(f"**{REVIEW}")
    idle(coordinator)

    with django_db_blocker.unblock():
        programme, office_indicators, second_indicators, total = _arrange()
    returned = office_indicators[0]

    office = new_page()
    log_in(office, "realizator")
    _enter_and_submit(office, office_indicators)
    second = new_page()
    _log_in_second(second)
    _enter_and_submit(second, second_indicators)

    # The coordinator returns one of the office's values with a comment.
    with django_db_blocker.unblock():
        from indicators.models import IndicatorValue

        value_id = IndicatorValue.objects.get(indicator=returned, year=YEAR).pk
    comment = "Proszę podać liczbę z rejestru bezrobotnych."
    coordinator.goto(f"{REVIEW}?state=submitted")
    assert_accessible(coordinator, "cycle-review-submitted")
    coordinator.check(f"input[name='r{value_id}-action'][value='return']")
    coordinator.fill(f"#id_r{value_id}-comment", comment)
    coordinator.click("button[name=record]")
    idle(coordinator)
    assert coordinator.locator(".message-success").is_visible()
    assert "state=submitted" in coordinator.url  # the filter survives the save

    # It reaches the office: an e-mail with the comment and a link, a line on its start page.
    with django_db_blocker.unblock():
        mails = [m for m in mailoutbox if "pup@example.org" in m.to]
    assert mails and comment in mails[0].body and f"{ENTRY}#returned" in mails[0].body
    office.goto("/")
    office.locator(f"#waiting a[href='{ENTRY}#returned']").click()
    idle(office)
    assert comment in office.locator("#returned").inner_text()
    _value_field(office, returned).fill("1 234")
    idle(office)
    office.click("button[name=submit]")
    idle(office)
    assert office.locator(".message-success").is_visible(), office.locator(".messages").inner_text()

    # The coordinator accepts every submitted value at once.
    coordinator.goto(REVIEW)
    screenshot(coordinator, "cycle-review-all")
    coordinator.click("button[name=bulk][value=all]")
    idle(coordinator)
    assert coordinator.locator(".message-success").is_visible()
    with django_db_blocker.unblock():
        states = set(IndicatorValue.objects.filter(
            indicator__objective__programme=programme, year=YEAR,
            indicator__reporting_organisation__isnull=False).values_list("state", flat=True))
        accepted = IndicatorValue.objects.filter(
            indicator__objective__programme=programme, year=YEAR, state="accepted").count()
    assert states == {"accepted"} and accepted == total

    # Locked with what the document prints, then published after the confirmation page.
    coordinator.click(f"a[href='/programmes/{SLUG}/{YEAR}/lock/']")
    coordinator.fill("#id_conclusion", "Zadania strategii realizowano zgodnie z planem.")
    coordinator.fill("#id_prepared_on", f"{YEAR + 1}-05")
    coordinator.fill("#id_signatory_name", "Anna Nowak")
    coordinator.fill("#id_signatory_title", "Dyrektor Miejskiego Ośrodka Pomocy Rodzinie")
    coordinator.fill("#id_accepted_by", "PREZYDENT MIASTA")
    coordinator.fill("#id_accepted_on", f"{YEAR + 1}-06-15")
    coordinator.click("main form.form button[type=submit]")
    idle(coordinator)
    assert coordinator.locator(".message-success").is_visible(), coordinator.content()
    coordinator.click(f"a[href='/programmes/{SLUG}/{YEAR}/publish/']")
    idle(coordinator)
    assert_accessible(coordinator, "cycle-publish-confirmation")
    coordinator.click("main form button[type=submit]")
    idle(coordinator)
    assert coordinator.locator(".message-success").is_visible()

    # A visitor without an account finds the report and downloads the PDF.
    visitor = new_page()
    visitor.goto("/reports/")
    link = visitor.locator(f"a[href='{PDF}']")
    assert link.count() == 1
    with visitor.expect_download(timeout=180_000) as download_info:
        link.click(timeout=180_000)
    pdf = download_info.value.path().read_bytes()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages[:2])
    assert f"15 czerwca {YEAR + 1} r." in text
    assert f"maj {YEAR + 1} r." in text
    idle(visitor)
