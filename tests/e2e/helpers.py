"""What the browser tests do again and again: log in, run axe-core, read the focus."""

from pathlib import Path

from django.conf import settings

AXE_VERSION = "4.14.1"
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / f"axe-core-{AXE_VERSION}.min.js"
# The rules of WCAG 2.1 levels A and AA (axe-core tags them so).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

SCREENSHOTS_DIR = Path(settings.BASE_DIR) / "artifacts" / "screenshots"

DEMO_PASSWORDS = {
    "koordynator": "koordynator-demo",
    "realizator": "realizator-demo",
    "dyrektor": "dyrektor-demo",
    "radny": "radny-demo",
    "admin": "admin-demo",
}


def screenshot(page, name: str) -> Path:
    """Keep a full-page picture of what the browser shows as a test artefact (not committed)."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def idle(page, timeout: float = 15_000) -> None:
    """Wait until the page has no request in flight.

    With SQLite's in-memory test database the live server's threads and the test share ONE
    connection (Django documents this): a query from the test, or the database being restored
    for the next test, while the server still answers a request can corrupt both. So touch the
    database from a test, and end a test, only when its pages are idle."""
    page.wait_for_load_state("networkidle", timeout=timeout)


def log_in(page, username: str) -> None:
    """Log in through the login form as a demo user; lands on the start page."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORDS[username])
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    idle(page)
    assert "/accounts/login/" not in page.url, f"Login as {username} failed: {page.url}"


def axe_violations(page) -> list[dict]:
    """Run the vendored axe-core on the page with the WCAG 2.1 A/AA rules; the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                      summary: n.failureSummary})),
            }));
        }""",
        WCAG_TAGS,
    )


def assert_accessible(page, name: str) -> None:
    """No WCAG 2.1 A/AA violation that axe-core finds; keeps a screenshot named ``name``."""
    screenshot(page, name)
    violations = axe_violations(page)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    at {n['target']}: {n['summary']}" for n in v["nodes"])
        for v in violations
    )
    assert not violations, f"axe-core found WCAG 2.1 AA violations on {page.url}:\n{report}"


def focused(page) -> dict:
    """The element that has the keyboard focus, where it is in the document and how it is drawn."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
                    text: (el.innerText || el.value || '').trim().slice(0, 80),
                    href: el.getAttribute('href'),
                    position: Array.prototype.indexOf.call(document.querySelectorAll('*'), el),
                    outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
                    boxShadow: style.boxShadow};
        }"""
    )


def tab_through(page, presses: int) -> list[dict]:
    """Press Tab up to ``presses`` times on a freshly loaded page; what had the focus after each
    (until the focus leaves the page after its last element)."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["tag"] == "body":
            break
        stops.append(stop)
    return stops


def tab_to(page, selector: str, *, limit: int = 400) -> list[dict]:
    """Press Tab until the element matching ``selector`` has the focus; the stops on the way.
    Fails when it is not reached (not focusable, or a keyboard trap before it)."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        stops.append(stop)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab; last: {stops[-3:]}")


def has_visible_focus(state: dict) -> bool:
    """An outline of at least 2 px, or a box shadow, marks the focused element."""
    outline = state["outlineStyle"] not in ("none", "") and float(
        state["outlineWidth"].removesuffix("px") or 0
    ) >= 2
    return outline or state["boxShadow"] not in ("none", "")


def page_scrolls_sideways(page) -> bool:
    """True when the page layout itself is wider than the window (wide data tables scroll in
    their own ``.table-scroll`` container and do not count)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
