"""WCAG 2.1 AA in a real browser: axe-core on every main page, and what axe cannot see — visible
focus, tab order, the skip link, announced errors, table captions, chart alternatives, zoom.

The pages are visited in a few tests rather than one test each: every browser test pays for
restoring the demo database, and one report listing every page's problems is easier to act on.
"""

import pytest

from tests.e2e.helpers import (
    axe_violations,
    has_visible_focus,
    log_in,
    page_scrolls_sideways,
    screenshot,
    tab_through,
)

STRATEGY = "strategia-2021-2030"
OPEN_YEAR = 2022
PROGRAMME = "program-pomocy-spolecznej-2021-2024"

PUBLIC_PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "programme": f"/programmes/{PROGRAMME}/",
    "dashboard": f"/programmes/{PROGRAMME}/dashboard/",
    "consultations": "/consultations/",
    "reports": "/reports/",
    "accessibility-statement": "/accessibility/",
    "open-data": "/open-data/",
}
PUBLISHED = "strategia-2011-2020"  # the demo's programme with a published report
# Pages behind a login, by the demo user who uses them.
STAFF_PAGES = {
    "realizator": {
        "home": "/",
        "entry": f"/programmes/{STRATEGY}/{OPEN_YEAR}/entry/",
        "programme": f"/programmes/{STRATEGY}/",
        "dashboard": f"/programmes/{STRATEGY}/dashboard/",
    },
    "koordynator": {
        "home": "/",
        "review": f"/programmes/{STRATEGY}/{OPEN_YEAR}/review/",
        "lock": f"/programmes/{STRATEGY}/{OPEN_YEAR}/lock/",
        "reports": "/reports/",
        "consultations-manage": "/consultations/manage/",
        "reminders": f"/programmes/{STRATEGY}/{OPEN_YEAR}/reminders/",
        # The confirmation of publishing an accepted year (the test accepts 2021 first).
        "publish": f"/programmes/{PROGRAMME}/2021/publish/",
    },
    "dyrektor": {
        "dashboard": f"/programmes/{STRATEGY}/dashboard/",
        "review": f"/programmes/{STRATEGY}/{OPEN_YEAR}/review/",
    },
}

# What a page must offer beyond axe: every data table a caption and column headers, every
# image a text alternative, every SVG chart a name; checked in the browser, after rendering.
STRUCTURE_PROBLEMS = """() => {
    const problems = [];
    for (const table of document.querySelectorAll('main table')) {
        const caption = table.querySelector(':scope > caption');
        if (!caption || !caption.textContent.trim()) problems.push('table without a caption');
        if (!table.querySelector('th[scope]')) problems.push('table without header cells');
    }
    for (const img of document.querySelectorAll('main img')) {
        if (!img.hasAttribute('alt')) problems.push('image without alt: ' + img.src.slice(0, 60));
    }
    for (const svg of document.querySelectorAll('main svg')) {
        if (svg.getAttribute('aria-hidden') === 'true') continue;
        const named = svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby')
            || svg.querySelector('title');
        if (!named) problems.push('chart (svg) without a text alternative');
    }
    return problems;
}"""


def _check_pages(page, pages: dict, prefix: str) -> list[str]:
    """Visit each page; every problem found, as lines of a report."""
    problems = []
    for name, url in pages.items():
        response = page.goto(url)
        if not response.ok:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        screenshot(page, f"{prefix}-{name}")
        for violation in axe_violations(page):
            targets = "; ".join(node["target"] for node in violation["nodes"])
            problems.append(f"{url}: axe {violation['id']} ({violation['help']}) at {targets}")
        problems += [f"{url}: {problem}" for problem in page.evaluate(STRUCTURE_PROBLEMS)]
    return problems


@pytest.fixture
def public_programme_pages(site):
    """The public pages of the demo's published programme (it, its first goal, an indicator)
    and of its first consultation."""
    from indicators.models import Indicator
    from programs.models import Objective

    goal = Objective.objects.filter(programme__slug=PUBLISHED, parent=None).order_by(
        "sort_key").first()
    indicator = Indicator.objects.filter(objective__programme__slug=PUBLISHED).order_by(
        "objective__sort_key", "position").first()
    from consultations.models import Consultation

    consultation = Consultation.objects.order_by("pk").first()
    base = f"/public/programmes/{PUBLISHED}/"
    return {"public-programme": base, "public-goal": f"{base}goals/{goal.pk}/",
            "public-indicator": f"{base}indicators/{indicator.pk}/",
            "public-consultation": f"/consultations/{consultation.pk}/"}


def test_public_pages_meet_wcag_21_aa(page, public_programme_pages):
    problems = _check_pages(page, PUBLIC_PAGES | public_programme_pages, "public")
    assert not problems, "\n".join(problems)


@pytest.fixture
def accepted_year(site):
    """The 2021–2024 programme's 2021 accepted, so its publishing confirmation can be shown."""
    from programs.models import ReportingYear

    ReportingYear.objects.filter(programme__slug=PROGRAMME, year=2021).update(
        state=ReportingYear.State.ACCEPTED)


def test_pages_of_each_role_meet_wcag_21_aa(new_page, accepted_year):
    problems = []
    for username, pages in STAFF_PAGES.items():
        page = new_page()
        log_in(page, username)
        problems += _check_pages(page, pages, username)
    assert not problems, "\n".join(problems)


def test_login_error_is_announced_and_accessible(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "realizator")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    alert = page.locator("main [role=alert]")
    assert alert.is_visible() and alert.inner_text().strip()
    screenshot(page, "login-error")
    assert axe_violations(page) == []


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main"
    assert skip.is_visible(), "the skip link must appear when it has the focus"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => document.getElementById('main').contains("
                                "document.activeElement)")
    assert inside_main, "after the skip link the next Tab lands in the main content"


def test_focus_is_visible_and_follows_the_page_order(new_page):
    for username, url, presses in [
        (None, "/", 12),
        (None, f"/programmes/{PROGRAMME}/dashboard/", 20),
        ("realizator", f"/programmes/{STRATEGY}/{OPEN_YEAR}/entry/", 30),
        ("koordynator", f"/programmes/{STRATEGY}/{OPEN_YEAR}/review/", 25),
    ]:
        page = new_page()
        if username:
            log_in(page, username)
        page.goto(url)
        stops = tab_through(page, presses)
        invisible = [stop for stop in stops if not has_visible_focus(stop)]
        assert not invisible, f"{url}: focus not visible on {invisible}"
        positions = [stop["position"] for stop in stops]
        assert positions == sorted(positions), (
            f"{url}: the Tab order jumps against the reading order: "
            f"{[(stop['tag'], stop['id'] or stop['text']) for stop in stops]}"
        )


def test_200_percent_zoom_needs_no_sideways_scrolling(new_page, public_programme_pages,
                                                      accepted_year):
    """At 200 % zoom a 1280 px wide window shows a 640 px wide page: the layout must reflow
    (WCAG 1.4.10); wide data tables scroll inside their own ``.table-scroll`` box."""
    half_width = {"width": 640, "height": 900}
    wide = []
    visits = [(None, PUBLIC_PAGES | public_programme_pages)] + list(STAFF_PAGES.items())
    for username, pages in visits:
        page = new_page(viewport=half_width)
        if username:
            log_in(page, username)
        for name, url in pages.items():
            page.goto(url)
            if page_scrolls_sideways(page):
                screenshot(page, f"zoom-200-{username or 'public'}-{name}")
                wide.append(url)
    assert not wide, f"pages wider than the window at 200 % zoom: {wide}"
