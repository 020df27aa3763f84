"""The data-entry form with the keyboard alone: log in, reach the fields with Tab, type values,
mark one indicator as "no data" with the space bar, and save with Enter on the button."""

from decimal import Decimal

from tests.e2e.helpers import DEMO_PASSWORDS, has_visible_focus, idle, screenshot, tab_to

SLUG = "strategia-2021-2030"
YEAR = 2022
ENTRY = f"/programmes/{SLUG}/{YEAR}/entry/"


def test_entry_form_works_with_the_keyboard_alone(page, django_db_blocker):
    from indicators.models import IndicatorValue

    page.goto("/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("realizator")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORDS["realizator"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url

    page.goto(ENTRY)
    first, second = (int(pk) for pk in page.locator(".value-input").evaluate_all(
        "(inputs) => inputs.slice(0, 2).map(input => input.dataset.indicator)"))
    stops = tab_to(page, f"#id_v{first}-value")
    page.keyboard.type("1 234")
    stops += tab_to(page, f"#id_v{second}-value")
    # The row's own controls follow its value field: "no data" and then its reason.
    stops += tab_to(page, f"#id_v{second}-no_data", limit=1)
    page.keyboard.press("Space")
    assert page.is_checked(f"#id_v{second}-no_data")
    stops += tab_to(page, f"#id_v{second}-no_data_reason", limit=1)
    page.keyboard.type("PUP nie prowadzi tej statystyki w 2022 r.")
    stops += tab_to(page, "button[name=save]")
    screenshot(page, "entry-form-keyboard")
    invisible = [stop for stop in stops if not has_visible_focus(stop)]
    assert not invisible, f"focus not visible on {invisible}"
    idle(page)  # the as-you-type checks are answered before the form is sent
    with page.expect_navigation():
        page.keyboard.press("Enter")
    idle(page)
    assert page.locator(".message-success").is_visible(), page.locator("main").inner_text()

    with django_db_blocker.unblock():
        saved = {value.indicator_id: value for value in IndicatorValue.objects.filter(
            indicator_id__in=[first, second], year=YEAR)}
    assert saved[first].number == Decimal(1234)
    assert saved[second].no_data
    assert saved[second].no_data_reason.startswith("PUP nie prowadzi")
