"""One date style everywhere (01.12.2026, the audit log included) and a favicon on every page."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format


def test_short_formats_use_dots():
    moment = timezone.datetime(2026, 12, 1, 21, 47)
    with translation.override("pl"):
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "01.12.2026 21:47"
        assert date_format(moment.date(), "SHORT_DATE_FORMAT") == "01.12.2026"


@pytest.mark.django_db
def test_audit_log_writes_dates_with_dots(client):
    client.force_login(get_user_model().objects.get(username="koordynator"))  # an event
    page = client.get(reverse("audit:event_list"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    today = timezone.localdate()
    assert today.strftime("%d.%m.%Y") in page
    assert today.strftime("%d-%m-%Y") not in page


@pytest.mark.django_db
def test_every_page_has_a_favicon(client):
    page = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert finders.find("favicon.svg")
