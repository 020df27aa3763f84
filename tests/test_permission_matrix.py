"""The permission matrix: every URL pattern of the project, with every role, for GET and POST.

The patterns are discovered from the URL resolver, so a new view cannot be forgotten: a pattern
missing from ``EXPECTATIONS`` fails ``test_every_url_pattern_has_expectations`` (and its own
matrix row), and an entry whose URL no longer exists fails ``test_no_stale_expectations``.

Each row names, per role, the status of a GET and of a POST with an empty body (the test client
does not check CSRF tokens, so the view's own rules answer). A POST must never succeed for a role
that may not write: it gets 403, 404, 405, or a redirect to the login page. ``SCENARIOS`` adds
rows for the scoping rules (another organisation, a year not yet published, a draft programme),
where permission holes hide.

The users are the demo accounts the session loads (``tests/conftest.py``): ``realizator`` enters
data for the labour office (PUP) only. The objects in the URLs come from the demo data (the open
year 2022 of the Strategy 2021–2030, the published 2020 report of the Strategy 2011–2020) plus a
few made here (a draft programme, consultations, a draft value).
"""

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from consultations import services as consultation_services
from consultations.models import Consultation, Proposal
from indicators.models import Indicator, IndicatorValue
from programs.models import DiagnosisTable, Organisation, Programme, ReportingYear
from reports.digests import unsubscribe_token
from tests.factories import build_programme

ROLES = ("anonymous", "coordinator", "data_entry", "department_head", "council_member", "admin")
DEMO_USERS = {
    "coordinator": "koordynator",
    "data_entry": "realizator",  # PUP
    "department_head": "dyrektor",
    "council_member": "radny",
    "admin": "admin",
}

# Expected statuses: an int, a tuple of ints (any of them), or one of these.
LOGIN = "302 to the login page"
ADMIN_LOGIN = "302 to the admin login page"
DOWNLOAD = (200, 202)  # the stored file, or the "being prepared" page (rendering is requested)


def by_role(anonymous, coordinator, data_entry, department_head, council_member, admin=None):
    """Expectations per role as ``(get, post)``; the administrator acts as a coordinator unless
    told otherwise (``roles.is_coordinator`` counts superusers)."""
    return {
        "anonymous": anonymous,
        "coordinator": coordinator,
        "data_entry": data_entry,
        "department_head": department_head,
        "council_member": council_member,
        "admin": admin if admin is not None else coordinator,
    }


def everyone(get, post):
    return by_role(*([(get, post)] * 5))


# Profiles: the common shapes.
PUBLIC_READ = everyone(200, 405)
PUBLIC_DOWNLOAD = everyone(DOWNLOAD, 405)
LOGGED_IN = by_role((LOGIN, LOGIN), (200, 200), (200, 200), (200, 200), (200, 200))
STAFF_READ = by_role((LOGIN, LOGIN), (200, 405), (403, 405), (200, 405), (403, 405))
COORDINATOR_ONLY = by_role((LOGIN, LOGIN), (200, 200), (403, 403), (403, 403), (403, 403))
COORDINATOR_POST_ONLY = by_role((LOGIN, LOGIN), (405, 302), (405, 403), (405, 403), (405, 403))
COORDINATOR_READ = by_role((LOGIN, LOGIN), (200, 405), (403, 405), (403, 405), (403, 405))
# DRF: reads are public; a write without credentials is 401, a read-only endpoint answers 405.
API_READ = by_role((200, 401), (200, 405), (200, 405), (200, 405), (200, 405))
# Value writes: an empty body is invalid (400) for the roles that enter values; the others are
# refused before the body is even read.
API_VALUE_WRITE = by_role((200, 401), (200, 400), (200, 400), (200, 403), (200, 403))
API_SCHEMA = everyone(200, 405)


@dataclass
class Expect:
    """What one URL pattern answers. ``kwargs`` (a function of the samples) fills the URL where
    the defaults by kwarg name (``SAMPLE_KWARGS``) do not fit; ``path`` replaces reversing for
    unnamed patterns; ``query`` is appended to the URL."""

    roles: dict
    kwargs: object = None
    query: object = None
    path: str | None = None


# Sample values for URL kwargs by name; ``pk`` means a different model in every URL, so each
# URL with a ``pk`` names its own in the table.
SAMPLE_KWARGS = {
    "slug": lambda s: s.open_year.programme.slug,
    "year": lambda s: s.open_year.year,
    "indicator_id": lambda s: s.own_indicator.pk,
    "format": lambda s: "json",
}

UNKNOWN_TOKEN = "00000000-0000-0000-0000-000000000000"
# The demo programme with diagnosis tables.
DIAGNOSIS_PROGRAMME = "program-pomocy-spolecznej-2021-2024"

EXPECTATIONS = {
    # accounts
    "login": Expect(everyone(200, 200)),
    "logout": Expect(everyone(405, 302)),
    "password_change": Expect(LOGGED_IN),
    # the coordinator's unlock page: an empty POST names no lockout and goes back to the list
    "audit:lockouts": Expect(
        by_role((LOGIN, LOGIN), (200, 302), (403, 403), (403, 403), (403, 403))),
    "password_change_done": Expect(
        by_role((LOGIN, LOGIN), (200, 405), (200, 405), (200, 405), (200, 405))
    ),
    # audit: coordinators and administrators only
    "audit:event_list": Expect(COORDINATOR_READ),
    "audit:event_export": Expect(COORDINATOR_READ),
    # programmes
    "home": Expect(PUBLIC_READ),
    "programme_detail": Expect(PUBLIC_READ),
    "accessibility": Expect(PUBLIC_READ),
    # the institution's logo: public; the samples' identity has none (404)
    "identity_logo": Expect(everyone(404, 405)),
    # the yearly cycle; the open year 2022 of the Strategy 2021–2030 (council members do not
    # even see that it exists: 404)
    "year_open": Expect(COORDINATOR_ONLY),
    # the coordinator's diagnosis page: an empty POST unmarks every row (saved, back to it)
    "diagnosis_monitoring": Expect(
        by_role((LOGIN, LOGIN), (200, 302), (403, 403), (403, 403), (403, 403)),
        kwargs=lambda s: {"slug": DIAGNOSIS_PROGRAMME}),
    "value_entry": Expect(
        # Staff without ?organisation= are sent to the review page; a data-entry user gets
        # their own organisation (an empty POST saves nothing and redirects back).
        by_role((LOGIN, LOGIN), (302, 404), (200, 302), (302, 404), (404, 404))
    ),
    "year_review": Expect(by_role((LOGIN, LOGIN), (200, 302), (403, 403), (200, 403), (403, 403))),
    "year_lock": Expect(by_role((LOGIN, LOGIN), (200, 200), (403, 403), (403, 403), (403, 403))),
    "year_reopen": Expect(COORDINATOR_ONLY),
    # an open year: the pages say why it cannot be published or withdrawn (nothing changes)
    "year_publish": Expect(COORDINATOR_ONLY),
    "year_unpublish": Expect(COORDINATOR_ONLY),
    # GET: the preview; an empty POST confirms nobody and sends nothing (a redirect)
    "reminders_send": Expect(
        by_role((LOGIN, LOGIN), (200, 302), (403, 403), (403, 403), (403, 403))),
    "value_history": Expect(
        by_role((LOGIN, LOGIN), (200, 405), (200, 405), (200, 405), (404, 405))
    ),
    "value_check": Expect(
        by_role((LOGIN, LOGIN), (200, 405), (200, 405), (403, 405), (403, 405)),
        query=lambda s: {"indicator": s.own_indicator.pk, "text": "12"},
    ),
    # the register of measures: coordinators and department heads read it; coordinators link
    # (an empty POST names no indicator: 404) and unlink (a measure not shared: refused with a
    # message, a redirect)
    "measure_list": Expect(STAFF_READ),
    "measure_export": Expect(STAFF_READ),
    "measure_detail": Expect(STAFF_READ, kwargs=lambda s: {"pk": s.own_indicator.measure_id}),
    "measure_proposals": Expect(
        by_role((LOGIN, LOGIN), (200, 404), (403, 403), (403, 403), (403, 403))),
    "indicator_unlink": Expect(COORDINATOR_POST_ONLY,
                               kwargs=lambda s: {"pk": s.own_indicator.pk}),
    # reports: the published 2020 report of the Strategy 2011–2020 (unpublished: SCENARIOS)
    "reports:list": Expect(PUBLIC_READ),
    "reports_programme:pdf": Expect(PUBLIC_DOWNLOAD, kwargs=lambda s: s.published_kwargs),
    "reports_programme:xlsx": Expect(PUBLIC_DOWNLOAD, kwargs=lambda s: s.published_kwargs),
    "reports_programme:html": Expect(PUBLIC_READ, kwargs=lambda s: s.published_kwargs),
    # dashboards: read-only for everybody (what each role sees inside is tested in tests/dashboards)
    "dashboards:programme": Expect(PUBLIC_READ),
    "dashboards:indicator": Expect(PUBLIC_READ),
    "dashboards:organisation": Expect(PUBLIC_READ, kwargs=lambda s: {"pk": s.organisation.pk}),
    # consultations: the public list and published reports; staff pages (heads read)
    "consultations:public_list": Expect(PUBLIC_READ),
    "consultations:report_html": Expect(
        PUBLIC_READ, kwargs=lambda s: {"pk": s.published_consultation.pk}
    ),
    "consultations:public_detail": Expect(
        PUBLIC_READ, kwargs=lambda s: {"pk": s.published_consultation.pk}
    ),
    "consultations:report_pdf": Expect(
        PUBLIC_DOWNLOAD, kwargs=lambda s: {"pk": s.published_consultation.pk}
    ),
    "consultations:manage_list": Expect(STAFF_READ),
    "consultations:consultation_create": Expect(COORDINATOR_ONLY),
    "consultations:manage_detail": Expect(STAFF_READ, kwargs=lambda s: {"pk": s.consultation.pk}),
    "consultations:consultation_edit": Expect(
        COORDINATOR_ONLY, kwargs=lambda s: {"pk": s.consultation.pk}
    ),
    "consultations:outcomes": Expect(
        by_role((LOGIN, LOGIN), (200, 200), (403, 403), (200, 403), (403, 403)),
        kwargs=lambda s: {"pk": s.consultation.pk},
    ),
    "consultations:publish_report": Expect(
        COORDINATOR_POST_ONLY, kwargs=lambda s: {"pk": s.consultation.pk}
    ),
    "consultations:withdraw_report": Expect(
        COORDINATOR_POST_ONLY, kwargs=lambda s: {"pk": s.published_consultation.pk}
    ),
    "consultations:submission_create": Expect(
        COORDINATOR_ONLY, kwargs=lambda s: {"pk": s.consultation.pk}
    ),
    "consultations:submission_edit": Expect(
        COORDINATOR_ONLY, kwargs=lambda s: {"pk": s.submission.pk}
    ),
    "consultations:proposal_create": Expect(
        COORDINATOR_ONLY, kwargs=lambda s: {"pk": s.submission.pk}
    ),
    "consultations:proposal_detail": Expect(STAFF_READ, kwargs=lambda s: {"pk": s.proposal.pk}),
    "consultations:proposal_edit": Expect(
        COORDINATOR_ONLY, kwargs=lambda s: {"pk": s.proposal.pk}
    ),
    # the API (objects visible to everybody here; unpublished ones in SCENARIOS)
    "v1:api-root": Expect(API_READ),
    "v1:programme-list": Expect(API_READ),
    "v1:programme-detail": Expect(API_READ),
    "v1:objective-list": Expect(API_READ),
    "v1:objective-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.own_indicator.objective_id}),
    "v1:indicator-list": Expect(API_READ),
    "v1:indicator-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.own_indicator.pk}),
    "v1:value-list": Expect(API_VALUE_WRITE),
    "v1:measure-list": Expect(API_READ),
    "v1:measure-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.own_indicator.measure_id}),
    "v1:value-batch": Expect(
        # Roles that do not enter values are refused before the method is even looked at.
        by_role((401, 401), (405, 400), (405, 400), (403, 403), (403, 403))
    ),
    "v1:value-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.published_value.pk}),
    "v1:organisation-list": Expect(API_READ),
    "v1:organisation-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.organisation.pk}),
    "v1:reporting-year-list": Expect(API_READ),
    "v1:reporting-year-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.published_year.pk}),
    "v1:report-list": Expect(API_READ),
    "v1:report-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.published_year.pk}),
    "v1:consultation-list": Expect(API_READ),
    "v1:diagnosis-table-list": Expect(API_READ),
    "v1:diagnosis-table-detail": Expect(API_READ, kwargs=lambda s: {
        "pk": DiagnosisTable.objects.filter(programme__slug=DIAGNOSIS_PROGRAMME).first().pk}),
    "v1:consultation-detail": Expect(API_READ, kwargs=lambda s: {"pk": s.consultation.pk}),
    # any other address under /api/v1/: the API's JSON 404, whatever the method
    "api/^v1/": Expect(everyone(404, 404), path="/api/v1/no-such-endpoint/"),
    "api_schema": Expect(API_SCHEMA),
    "api_docs": Expect(API_SCHEMA),
    # every logged-in user manages their own token (an empty POST changes nothing)
    "api_tokens": Expect(by_role((LOGIN, LOGIN), (200, 302), (200, 302), (200, 302), (200, 302))),
    # open data: the public's view, whoever asks
    "open_data_csv": Expect(PUBLIC_READ),
    "open_data_json": Expect(PUBLIC_READ),
    "open_data_xlsx": Expect(PUBLIC_READ),
    "open_data_catalog_page": Expect(PUBLIC_READ),
    "open_data_diagnosis": Expect(PUBLIC_READ, kwargs=lambda s: {
        "slug": DIAGNOSIS_PROGRAMME, "extension": "csv"}),
    "open_data_catalog": Expect(PUBLIC_READ, kwargs=lambda s: {"extension": "rdf"}),
    "open_data_consultations": Expect(PUBLIC_READ, kwargs=lambda s: {"extension": "csv"}),
    "open_data_measures": Expect(PUBLIC_READ, kwargs=lambda s: {"extension": "csv"}),
    # the public pages: the public's view, whoever asks
    "public_programme": Expect(PUBLIC_READ),
    "public_goal": Expect(PUBLIC_READ, kwargs=lambda s: {
        "slug": s.open_year.programme.slug, "pk": s.own_indicator.objective_id}),
    "public_indicator": Expect(PUBLIC_READ, kwargs=lambda s: {
        "slug": s.open_year.programme.slug, "pk": s.own_indicator.pk}),
    # e-mail digests: for staff readers and council members; the signed link for anybody
    "reports:digest": Expect(by_role((LOGIN, LOGIN), (200, 200), (403, 403), (200, 200),
                                     (200, 200))),
    "reports:digest_unsubscribe": Expect(everyone(200, 200), kwargs=lambda s: {
        "token": unsubscribe_token(get_user_model().objects.get(username="dyrektor"))}),
    # spreadsheets: programme set-up for coordinators (an empty POST is an invalid upload: 400;
    # an unknown or another user's pending file: 404); the export for staff readers; value
    # sheets for the roles that enter values (staff must name the organisation: 404 without)
    "spreadsheets:programme_template": Expect(COORDINATOR_READ),
    "spreadsheets:programme_example": Expect(COORDINATOR_READ),
    "spreadsheets:programme_import": Expect(
        by_role((LOGIN, LOGIN), (200, 400), (403, 403), (403, 403), (403, 403))
    ),
    "spreadsheets:programme_import_confirm": Expect(
        by_role((LOGIN, LOGIN), (404, 404), (403, 403), (403, 403), (403, 403)),
        kwargs=lambda s: {"token": UNKNOWN_TOKEN},
    ),
    "spreadsheets:programme_export": Expect(STAFF_READ),
    "spreadsheets:value_sheet": Expect(
        by_role((LOGIN, LOGIN), (404, 405), (200, 405), (403, 405), (403, 405))
    ),
    "spreadsheets:value_upload": Expect(
        by_role((LOGIN, LOGIN), (200, 400), (200, 400), (403, 403), (403, 403))
    ),
    "spreadsheets:value_upload_confirm": Expect(
        by_role((LOGIN, LOGIN), (404, 404), (404, 404), (403, 403), (403, 403)),
        kwargs=lambda s: {"token": UNKNOWN_TOKEN},
    ),
}


@dataclass
class Scenario:
    """An extra row for one URL with other objects: the scoping rules."""

    url: str
    label: str
    roles: dict
    kwargs: object = None
    query: object = None


OTHER_ORGANISATION = lambda s: {"organisation": s.other_organisation.pk}  # noqa: E731
OWN_ORGANISATION = lambda s: {"organisation": s.organisation.pk}  # noqa: E731
DRAFT_PROGRAMME = lambda s: {"slug": s.draft_programme.slug}  # noqa: E731
OPEN_YEAR = lambda s: {"slug": s.open_year.programme.slug, "year": s.open_year.year}  # noqa: E731
# Staff and data-entry users see draft programmes (``access.visible_programmes``); the public
# and council members do not.
DRAFT_READ = by_role((404, 405), (200, 405), (200, 405), (200, 405), (404, 405))
# A report of a year not yet published: staff only; data entry sees the year, not its report.
UNPUBLISHED_REPORT = by_role((404, 405), (DOWNLOAD, 405), (403, 405), (DOWNLOAD, 405), (404, 405))
UNPUBLISHED_API = by_role((404, 401), (200, 405), (200, 405), (200, 405), (404, 405))

SCENARIOS = [
    Scenario("value_entry", "own organisation", query=OWN_ORGANISATION, roles=by_role(
        (LOGIN, LOGIN), (200, 302), (200, 302), (200, 403), (404, 404))),
    Scenario("value_entry", "other organisation", query=OTHER_ORGANISATION, roles=by_role(
        (LOGIN, LOGIN), (200, 302), (403, 403), (200, 403), (404, 404))),
    Scenario("value_entry", "published year", kwargs=lambda s: s.published_kwargs, roles=by_role(
        (LOGIN, LOGIN), (302, 404), (200, 403), (302, 404), (403, 403))),
    Scenario("year_review", "other organisation", query=OTHER_ORGANISATION, roles=by_role(
        (LOGIN, LOGIN), (200, 302), (403, 403), (200, 403), (403, 403))),
    Scenario("spreadsheets:value_sheet", "own organisation", query=OWN_ORGANISATION,
             roles=by_role((LOGIN, LOGIN), (200, 405), (200, 405), (403, 405), (403, 405))),
    Scenario("spreadsheets:value_sheet", "other organisation", query=OTHER_ORGANISATION,
             roles=by_role((LOGIN, LOGIN), (200, 405), (403, 405), (403, 405), (403, 405))),
    Scenario("spreadsheets:programme_export", "draft programme", kwargs=DRAFT_PROGRAMME,
             roles=STAFF_READ),
    Scenario("value_history", "other organisation's indicator",
             kwargs=lambda s: {"indicator_id": s.other_indicator.pk},
             roles=by_role((LOGIN, LOGIN), (200, 405), (403, 405), (200, 405), (404, 405))),
    Scenario("value_history", "published year",
             kwargs=lambda s: {**s.published_kwargs, "indicator_id": s.published_indicator.pk},
             roles=by_role((LOGIN, LOGIN), (200, 405), (200, 405), (200, 405), (403, 405))),
    Scenario("year_open", "draft programme", kwargs=DRAFT_PROGRAMME, roles=COORDINATOR_ONLY),
    Scenario("programme_detail", "draft programme", kwargs=DRAFT_PROGRAMME, roles=DRAFT_READ),
    Scenario("dashboards:programme", "draft programme", kwargs=DRAFT_PROGRAMME,
             roles=DRAFT_READ),
    Scenario("dashboards:indicator", "draft programme",
             kwargs=lambda s: {"slug": s.draft_programme.slug,
                               "indicator_id": s.draft_indicator.pk},
             roles=DRAFT_READ),
    Scenario("dashboards:indicator", "indicator of another programme",
             kwargs=lambda s: {"indicator_id": s.published_indicator.pk},
             roles=everyone(404, 405)),
    Scenario("open_data_csv", "draft programme", kwargs=DRAFT_PROGRAMME,
             roles=everyone(404, 405)),
    Scenario("open_data_diagnosis", "draft programme",
             kwargs=lambda s: {"slug": s.draft_programme.slug, "extension": "json"},
             roles=everyone(404, 405)),
    Scenario("diagnosis_monitoring", "draft programme", kwargs=DRAFT_PROGRAMME,
             roles=by_role((LOGIN, LOGIN), (200, 302), (403, 403), (403, 403), (403, 403))),
    Scenario("open_data_json", "draft programme", kwargs=DRAFT_PROGRAMME,
             roles=everyone(404, 405)),
    Scenario("reports_programme:pdf", "year not published", kwargs=OPEN_YEAR,
             roles=UNPUBLISHED_REPORT),
    Scenario("reports_programme:xlsx", "year not published", kwargs=OPEN_YEAR,
             roles=UNPUBLISHED_REPORT),
    Scenario("reports_programme:html", "year not published", kwargs=OPEN_YEAR, roles=by_role(
        (404, 405), (200, 405), (403, 405), (200, 405), (404, 405))),
    Scenario("public_programme", "draft programme", kwargs=DRAFT_PROGRAMME,
             roles=everyone(404, 405)),
    Scenario("consultations:public_detail", "report not published",
             kwargs=lambda s: {"pk": s.consultation.pk},
             roles=by_role((404, 405), (200, 405), (404, 405), (200, 405), (404, 405))),
    Scenario("consultations:report_html", "report not published",
             kwargs=lambda s: {"pk": s.consultation.pk},
             roles=by_role((404, 405), (200, 405), (404, 405), (200, 405), (404, 405))),
    Scenario("consultations:report_pdf", "report not published",
             kwargs=lambda s: {"pk": s.consultation.pk},
             roles=by_role((404, 405), (DOWNLOAD, 405), (404, 405), (DOWNLOAD, 405),
                           (404, 405))),
    Scenario("consultations:manage_detail", "unknown id", kwargs=lambda s: {"pk": 999_999},
             roles=by_role((LOGIN, LOGIN), (404, 405), (403, 405), (404, 405), (403, 405))),
    Scenario("v1:programme-detail", "draft programme", kwargs=DRAFT_PROGRAMME,
             roles=by_role((404, 401), (200, 405), (200, 405), (200, 405), (404, 405))),
    Scenario("v1:value-detail", "value of a year not published",
             kwargs=lambda s: {"pk": s.draft_value.pk}, roles=UNPUBLISHED_API),
    Scenario("v1:reporting-year-detail", "year not published",
             kwargs=lambda s: {"pk": s.open_year.pk}, roles=UNPUBLISHED_API),
    Scenario("v1:report-detail", "year not published",
             kwargs=lambda s: {"pk": s.open_year.pk}, roles=everyone(404, 405) | {
                 "anonymous": (404, 401)}),
]


# Django's admin is checked as a whole: every pattern under admin/ is the admin site's
# (``test_every_url_pattern_has_expectations`` checks that), which lets only staff users in
# (``AdminSite.admin_view``) — everyone else is sent to the admin login. A representative sample
# is requested (index, login, changelists, add and change pages, the object redirect and the
# catch-all), not all ~120 patterns: they share the one wrapper.
NOT_STAFF = {(ADMIN_LOGIN, ADMIN_LOGIN)}
ADMIN_SAMPLE = {
    "admin:index": (200, 200),
    "admin:programs_programme_changelist": (200, 200),
    "admin:programs_programme_add": (200, 200),
    "admin:programs_programme_change": (200, 200),
    "admin:indicators_indicatorvalue_changelist": (200, 200),
    "admin:accounts_user_changelist": (200, 200),
    "admin:auth_group_changelist": (200, 200),
    "admin:audit_auditevent_changelist": (200, 200),
    "admin programme redirect": (302, 302),
    "admin catch-all": (404, 404),
}


# --- discovering the URL patterns ------------------------------------------------------------


@dataclass
class DiscoveredPattern:
    key: str  # the URL's name with its namespaces, or its route when it has no name
    route: str
    kwarg_names: frozenset = field(default_factory=frozenset)
    default_kwargs: dict = field(default_factory=dict)


def _kwarg_names(pattern) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return set(converters)
    regex = getattr(pattern, "regex", None)
    return set(regex.groupindex) if regex is not None else set()


def discover(patterns=None, prefix="", namespace=None, kwarg_names=frozenset()):
    """Every URL pattern of the project, depth first through the included resolvers."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        names = kwarg_names | _kwarg_names(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from discover(entry.url_patterns, route, inner, frozenset(names))
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield DiscoveredPattern(name or route, route, frozenset(names),
                                    dict(entry.default_args))


def is_admin(pattern: DiscoveredPattern) -> bool:
    return pattern.key.startswith("admin:") or pattern.route.startswith("admin/")


def _pattern_rows():
    """One matrix row per non-admin pattern (format-suffix variants of an API URL are rows of
    their own, with the table entry of their name)."""
    rows = []
    for pattern in discover():
        if is_admin(pattern):
            continue
        suffix = " (format suffix)" if "format" in pattern.kwarg_names else ""
        rows.append((pattern.key + suffix, pattern))
    return rows


PATTERN_ROWS = _pattern_rows()


# --- samples and users -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_anonymous_throttle(settings):
    # The matrix sends far more anonymous API requests than the throttle allows a minute.
    settings.API_ANONYMOUS_RATE = None
    cache.clear()


@pytest.fixture(scope="module")
def module_samples(django_db_setup, django_db_blocker):
    """The objects the URLs name, made once for the module's ~500 tests inside a transaction of
    its own that is rolled back at the end (each test's own transaction is a savepoint in it):
    the demo data, plus a draft programme, two consultations and a draft value of the open
    year."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _make_samples()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def samples(module_samples, db):
    return module_samples


def _make_samples():
    s = SimpleNamespace()
    s.organisation = Organisation.objects.get(short_name="PUP")
    s.other_organisation = Organisation.objects.get(short_name="MOPR")
    s.open_year = ReportingYear.objects.select_related("programme").get(
        programme__slug="strategia-2021-2030", year=2022)
    s.published_year = ReportingYear.objects.select_related("programme").get(
        programme__slug="strategia-2011-2020", year=2020)
    assert s.open_year.state == ReportingYear.State.OPEN
    assert s.published_year.state == ReportingYear.State.PUBLISHED
    s.published_kwargs = {"slug": s.published_year.programme.slug, "year": 2020}
    indicators = Indicator.objects.for_programme(s.open_year.programme).order_by("pk")
    s.own_indicator = indicators.filter(reporting_organisation=s.organisation).first()
    s.other_indicator = indicators.filter(reporting_organisation=s.other_organisation).first()
    s.published_indicator = Indicator.objects.for_programme(s.published_year.programme).filter(
        reporting_organisation=s.organisation).order_by("pk").first()
    s.published_value = IndicatorValue.objects.filter(
        indicator=s.published_indicator, year=2020).get()
    s.draft_value = IndicatorValue.objects.create(
        indicator=s.own_indicator, year=2022, number=5, state=IndicatorValue.State.DRAFT)

    s.draft_programme = build_programme(goals=1, tasks_per_goal=1, indicators_per_task=1,
                                        organisation=s.organisation, slug="t-matrix-draft")
    Programme.objects.filter(pk=s.draft_programme.pk).update(status=Programme.Status.DRAFT)
    s.draft_indicator = Indicator.objects.for_programme(s.draft_programme).get()

    s.consultation = Consultation.objects.create(
        title="Konsultacje w toku", start_date=date(2024, 10, 1), end_date=date(2024, 10, 21),
        status=Consultation.Status.CLOSED, legal_basis="ustawa",
    )
    consultation_services.consultation_set_drafts(
        consultation=s.consultation, drafts=[(s.draft_programme, "")])
    s.submission = consultation_services.submission_record(
        consultation=s.consultation, draft=s.consultation.drafts.get(),
        organisation=s.organisation, received_on=date(2024, 10, 2), channel="email",
    )
    s.proposal = consultation_services.proposal_save(proposal=Proposal(
        submission=s.submission, current_text="Stary zapis", proposed_text="Nowy zapis"))
    s.published_consultation = Consultation.objects.create(
        title="Konsultacje zakończone", start_date=date(2020, 10, 8),
        end_date=date(2020, 10, 21), status=Consultation.Status.REPORT_PUBLISHED,
        legal_basis="ustawa", validity_conclusion="Konsultacje są ważne.",
        report_date=date(2020, 11, 10),
    )
    consultation_services.consultation_set_drafts(
        consultation=s.published_consultation,
        drafts=[(s.published_year.programme, "w sprawie przyjęcia")])
    return s


def _login_as(client, role):
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=DEMO_USERS[role]))


def _url(samples, key, route_kwargs: frozenset, default_kwargs: dict, expect, kwargs=None,
         query=None) -> str:
    if expect.path:
        return expect.path
    overrides = {}
    for source in (expect.kwargs, kwargs):
        if source is not None:
            overrides |= source(samples)
    values = {}
    for name in route_kwargs:
        if name in default_kwargs:
            continue
        if name in overrides:
            values[name] = overrides[name]
        elif name in SAMPLE_KWARGS:
            values[name] = SAMPLE_KWARGS[name](samples)
        else:
            pytest.fail(f"No sample value for the URL kwarg {name!r} of {key}: give it in the "
                        "table (Expect(kwargs=...)).")
    url = reverse(key, kwargs=values)
    params = {}
    for source in (expect.query, query):
        if source is not None:
            params |= source(samples)
    if params:
        url += "?" + "&".join(f"{name}={value}" for name, value in params.items())
    return url


def _matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("login"))
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("admin:login"))
    if isinstance(expected, tuple):
        return response.status_code in expected
    return response.status_code == expected


def _check(client, url, role, expected_pair, label):
    failures = []
    for method, expected in zip(("GET", "POST"), expected_pair, strict=True):
        response = client.get(url) if method == "GET" else client.post(url, {})
        if not _matches(response, expected):
            where = response.get("Location", "")
            failures.append(
                f"{method} {url} as {role} ({label}): expected {expected}, got "
                f"{response.status_code}{' → ' + where if where else ''}"
            )
    assert not failures, "\n".join(failures)


# --- the tests -------------------------------------------------------------------------------


def test_every_url_pattern_has_expectations():
    missing = sorted({pattern.key for pattern in discover()
                      if not is_admin(pattern) and pattern.key not in EXPECTATIONS})
    assert not missing, (
        "URL patterns without an entry in EXPECTATIONS (say who may GET and POST them): "
        + ", ".join(missing)
    )


def test_no_stale_expectations():
    keys = {pattern.key for pattern in discover()}
    stale = sorted(
        {key for key in EXPECTATIONS if key not in keys}
        | {scenario.url for scenario in SCENARIOS if scenario.url not in keys}
        | {key for key in ADMIN_SAMPLE if key.startswith("admin:") and key not in keys}
    )
    assert not stale, "Expectations for URLs that no longer exist: " + ", ".join(stale)


def test_admin_patterns_are_all_the_admin_sites():
    from django.contrib import admin

    admin_routes = [pattern for pattern in discover() if is_admin(pattern)]
    assert len(admin_routes) > 50  # the whole admin is there, and only under admin/
    assert all(pattern.route.startswith("admin/") for pattern in admin_routes)
    assert admin.site.name == "admin"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "pattern"), PATTERN_ROWS, ids=[row[0] for row in PATTERN_ROWS])
def test_url_pattern(key, pattern, role, client, samples):
    expect = EXPECTATIONS.get(pattern.key)
    if expect is None:
        pytest.fail(f"{pattern.key} ({pattern.route}) has no entry in EXPECTATIONS.")
    url = _url(samples, pattern.key, pattern.kwarg_names, pattern.default_kwargs, expect)
    _login_as(client, role)
    _check(client, url, role, expect.roles[role], key)


SCENARIO_PATTERNS = {}
for _pattern in discover():
    SCENARIO_PATTERNS.setdefault(_pattern.key, _pattern)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("scenario", SCENARIOS,
                         ids=[f"{scenario.url}: {scenario.label}" for scenario in SCENARIOS])
def test_scoping_scenario(scenario, role, client, samples):
    pattern = SCENARIO_PATTERNS[scenario.url]
    # Scenarios use the plain (not the format-suffix) pattern of the name.
    kwarg_names = pattern.kwarg_names - {"format"}
    url = _url(samples, scenario.url, kwarg_names, pattern.default_kwargs,
               EXPECTATIONS[scenario.url], kwargs=scenario.kwargs, query=scenario.query)
    _login_as(client, role)
    _check(client, url, role, scenario.roles[role], scenario.label)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("sample", list(ADMIN_SAMPLE))
def test_admin_is_for_staff_only(sample, role, client, samples):
    programme = samples.open_year.programme
    if sample == "admin programme redirect":
        url = f"/admin/programs/programme/{programme.pk}/"
    elif sample == "admin catch-all":
        url = "/admin/no-such-page/"
    elif sample.endswith("_change"):
        url = reverse(sample, args=[programme.pk])
    else:
        url = reverse(sample)
    _login_as(client, role)
    expected = ADMIN_SAMPLE[sample] if role == "admin" else (ADMIN_LOGIN, ADMIN_LOGIN)
    _check(client, url, role, expected, "admin")


@pytest.mark.parametrize("role", ROLES)
def test_admin_login_page(role, client, db):
    _login_as(client, role)
    response = client.get(reverse("admin:login"))
    # Staff are sent on to the index; everyone else gets the form (with a "not authorised"
    # note for logged-in non-staff users).
    assert response.status_code == (302 if role == "admin" else 200)
