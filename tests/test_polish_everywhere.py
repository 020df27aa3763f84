"""Every page in Polish: each URL pattern of the project (the permission matrix's table and
samples), each role, the administration's pages and the browsable API, requested with
``Accept-Language: pl`` — none may show a word of English from ``ENGLISH``, and every HTML page
says ``lang="pl"``. The error pages (400, 403, 404, 405, 500, CSRF failure) are checked with
``DEBUG=False``: Polish, in the site's layout, with a way back, and with their status codes.

``ENGLISH`` is the list of leftovers met so far plus the words Django, DRF and the admin use
most; a new English string on any page fails here. Add a word when you meet a new leftover.
"""

import html
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import (
    EXPECTATIONS,
    PATTERN_ROWS,
    ROLES,
    _login_as,
    _no_anonymous_throttle,  # noqa: F401  (autouse: the anonymous throttle off)
    _url,
    module_samples,  # noqa: F401  (the matrix's objects, made once per module)
    samples,  # noqa: F401
)

# Whole words or phrases (case-sensitive where capitalised): none of them is Polish.
ENGLISH = [
    "Select an option", "Access failures", "Access attempts", "Access logs", "Task Results",
    "Task results", "Note:", "timezone", "Api Root", "API Root", "default basic root view",
    "Value List", "Instance", "Not Found", "Forbidden", "Bad Request", "Server Error",
    "Method Not Allowed", "Filters", "Submit", "Search", "Home", "Log in", "Log out",
    "Logout", "Password", "password", "Username", "Save", "Delete", "Add", "Change", "History",
    "Select", "Cancel", "Yes", "Today", "Now", "Date", "Time", "Choose", "Clear", "Show",
    "Hide", "Filter", "Download", "Export", "Programmes", "Programme", "Indicator", "Indicators",
    "Organisation", "Organisations", "Report", "Reports", "Value", "Values", "Year",
    "Consultation", "Consultations", "Dashboard", "Waiting", "Page", "of the", "the", "and",
    "for", "with", "your", "this", "You", "You are", "Welcome", "View site", "Documentation",
    "Authentication", "Authorization", "Groups", "Users", "Sites", "Tokens", "Raw data",
    "HTML form", "Extra Actions", "Request", "Response", "Media type", "Content",
    "Django administration", "Site administration", "Recent actions", "My actions",
    "None available", "Unknown", "Action", "Go", "selected", "all", "results", "result",
    "Programmes, goal trees", "data-entry", "See the README", "Field filters",
    "request form", "main content", "request info", "response info", "Media type",
]
_WORDS = re.compile(r"(?<![\w\-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w\-])")
_SKIP_ELEMENTS = re.compile(r"<(script|style|svg|code|pre|textarea)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_ATTRIBUTES = re.compile(r'\s(?:title|alt|placeholder|aria-label)="([^"]*)"')
# Text that is data or a name, not the interface: e-mail addresses, URLs, API field names.
_NOT_INTERFACE = re.compile(r"\S+@\S+|https?://\S+|/[\w/\-.?=&]*")


def visible_text(page: str) -> str:
    """The words a reader sees or hears: text nodes and the attributes read out."""
    page = _SKIP_ELEMENTS.sub(" ", page)
    attributes = " ".join(_ATTRIBUTES.findall(page))
    # <input type="submit" value="…"> is read; other inputs' values are data.
    text = _TAG.sub(" ", page) + " " + attributes
    return _NOT_INTERFACE.sub(" ", html.unescape(text))


def english_in(page: str) -> list[str]:
    text = visible_text(page)
    found = []
    for match in _WORDS.finditer(text):
        context = text[max(0, match.start() - 40):match.end() + 40].split()
        found.append(f"{match.group(0)!r} in “{' '.join(context)}”")
    return found


def _pl_client(role) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="pl")
    _login_as(client, role)
    return client


def _check_page(client, url, failures, accept="text/html"):
    response = client.get(url, HTTP_ACCEPT=accept)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    page = response.content.decode()
    if 'lang="pl"' not in page:
        failures.append(f"{url}: no lang=\"pl\"")
    failures.extend(f"{url}: {found}" for found in english_in(page))
    return page


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_in_polish(role, samples):  # noqa: F811
    client = _pl_client(role)
    failures = []
    checked = 0
    for key, pattern in PATTERN_ROWS:
        if "format" in pattern.kwarg_names or key == "api_schema":
            continue
        expect = EXPECTATIONS[pattern.key]
        url = _url(samples, pattern.key, pattern.kwarg_names, pattern.default_kwargs, expect)
        if _check_page(client, url, failures) is not None:
            checked += 1
    assert checked > 10
    assert not failures, "English on Polish pages:\n" + "\n".join(failures)


def test_the_administration_is_in_polish(samples):  # noqa: F811
    client = _pl_client("admin")
    failures = []
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(type("R", (), {"user": _admin_user()})()):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[instance.pk]))
    for url in urls:
        _check_page(client, url, failures)
    assert not failures, "English in the administration:\n" + "\n".join(failures)


def _admin_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_the_browsable_api_is_in_polish(role, samples):  # noqa: F811
    client = _pl_client(role)
    failures = []
    checked = 0
    for key, pattern in PATTERN_ROWS:
        if not key.startswith("v1:") and key != "api/^v1/" or "format" in pattern.kwarg_names:
            continue
        expect = EXPECTATIONS[pattern.key]
        url = _url(samples, pattern.key, pattern.kwarg_names, pattern.default_kwargs, expect)
        if _check_page(client, url, failures) is not None:
            checked += 1
    for url in ("/api/v1/no-such-endpoint/",):
        response = client.get(url, HTTP_ACCEPT="text/html")
        failures.extend(f"{url}: {found}" for found in english_in(response.content.decode()))
    assert checked > 5
    assert not failures, "English in the browsable API:\n" + "\n".join(failures)


def test_the_openapi_description_is_polish(client, db):
    response = client.get(reverse("api_schema"), HTTP_ACCEPT="application/json")
    description = response.json()["info"]["description"]
    assert not english_in(description), description


def test_the_admin_scripts_speak_polish(samples):  # noqa: F811
    """The admin's date-time widgets write their time-zone note from the JavaScript catalogue."""
    response = _pl_client("admin").get(reverse("admin:jsi18n"))
    # The catalogue writes letters beyond ASCII as \uXXXX escapes; only those are read back
    # (decoding the whole script as "unicode_escape" trips over its regular expressions).
    script = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)),
                    response.content.decode())
    assert "Uwaga: czas należy podać w strefie" in script


def test_permissions_are_named_in_polish_in_the_administration(samples):  # noqa: F811
    """Django stores "Can add indicator"; the user and group pages show "może dodawać: …"."""
    from django.contrib.auth.models import Group

    client = _pl_client("admin")
    group = Group.objects.create(name="Grupa testowa")
    for url in (reverse("admin:accounts_user_change", args=[_admin_user().pk]),
                reverse("admin:auth_group_change", args=[group.pk])):
        page = client.get(url).content.decode()
        assert "może dodawać: wskaźnik" in page, url
        assert "Can add" not in page and "Can change" not in page, url
