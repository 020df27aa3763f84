"""Mail in production: the SMTP back end configured from the environment sends the reminders and
the returned-value e-mails to a real SMTP server (aiosmtpd on localhost, the ``smtp_server``
fixture)."""

import runpy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks import Error
from django.urls import reverse

from accounts.checks import check_production_mail
from indicators.inputs import ReviewDecision
from indicators.models import IndicatorValue
from indicators.services.review import values_review

from .conftest import YEAR

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def settings_from_environment(monkeypatch, **environment):
    """config/settings.py evaluated afresh with these environment variables."""
    for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
                 "EMAIL_USE_TLS", "EMAIL_USE_SSL", "DEFAULT_FROM_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(django_settings.BASE_DIR) / "config" / "settings.py"))


def test_smtp_settings_come_from_the_environment(monkeypatch):
    namespace = settings_from_environment(
        monkeypatch, EMAIL_BACKEND=SMTP, EMAIL_HOST="smtp.example.pl", EMAIL_PORT="587",
        EMAIL_HOST_USER="monitoring", EMAIL_HOST_PASSWORD="tajne", EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="monitoring@example.pl")
    options = namespace["MAILERS"]["default"]["OPTIONS"]
    assert options == {"host": "smtp.example.pl", "port": 587, "username": "monitoring",
                       "password": "tajne", "use_tls": True, "use_ssl": False, "timeout": 30}
    assert namespace["DEFAULT_FROM_EMAIL"] == "monitoring@example.pl"


def test_console_backend_gets_no_smtp_options(monkeypatch):
    namespace = settings_from_environment(monkeypatch, EMAIL_HOST="smtp.example.pl")
    assert namespace["MAILERS"]["default"]["OPTIONS"] == {}


def test_reminders_reach_a_real_smtp_server(monkeypatch, settings, client, setup, data_entry,
                                            coordinator, smtp_server):
    # The production path: settings read from the environment, the README's SMTP back end.
    namespace = settings_from_environment(
        monkeypatch, EMAIL_BACKEND=SMTP, EMAIL_HOST=smtp_server.host,
        EMAIL_PORT=str(smtp_server.port), DEFAULT_FROM_EMAIL="monitoring@example.pl")
    settings.MAILERS = namespace["MAILERS"]
    settings.DEFAULT_FROM_EMAIL = namespace["DEFAULT_FROM_EMAIL"]
    data_entry.email = "wpis@example.org"
    data_entry.save()
    # Reminders go to organisations that are late: the deadline has passed.
    setup.reporting_year.deadline = date(YEAR + 1, 1, 31)
    setup.reporting_year.save()
    client.force_login(coordinator)
    response = client.post(reverse("reminders_send", args=[setup.programme.slug, YEAR]),
                           {"organisation": [data_entry.organisation_id]})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received.recipients == ["wpis@example.org"]
    assert received.sender == "monitoring@example.pl"
    assert setup.amount.name in received.body
    assert str(YEAR) in received.subject


@pytest.mark.parametrize("options, sender, expected", [
    ({}, "monitoring@example.pl", {"accounts.E001"}),
    ({"host": "smtp.example.pl", "username": "monitoring"}, "monitoring@example.pl",
     {"accounts.E002"}),
    ({"host": "smtp.example.pl", "use_tls": True, "use_ssl": True}, "monitoring@example.pl",
     {"accounts.E003"}),
    ({"host": "smtp.example.pl"}, "monitoring@localhost", {"accounts.E004"}),
    ({"host": "smtp.example.pl", "port": 587, "use_tls": True, "username": "m",
      "password": "p"}, "monitoring@example.pl", set()),
])
def test_deploy_check_refuses_an_incomplete_smtp_set_up(settings, options, sender, expected):
    settings.MAILERS = {"default": {"BACKEND": SMTP, "OPTIONS": options}}
    settings.DEFAULT_FROM_EMAIL = sender
    errors = check_production_mail(None)
    assert all(isinstance(error, Error) for error in errors)
    assert {error.id for error in errors} == expected



def test_a_returned_value_reaches_a_real_smtp_server(settings, setup, data_entry, coordinator,
                                                     smtp_server,
                                                     django_capture_on_commit_callbacks):
    """The returned-value e-mail goes through the SMTP back end, after the review's commit."""
    settings.DEFAULT_FROM_EMAIL = "monitoring@example.pl"
    data_entry.email = "wpis@example.org"
    data_entry.save()
    value = IndicatorValue.objects.create(indicator=setup.count, year=YEAR, number=Decimal(130),
                                          state=IndicatorValue.State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert not values_review(user=coordinator, reporting_year=setup.reporting_year,
                                 decisions=[ReviewDecision(value.pk, "return",
                                                           "Podaj liczbę z rejestru")],
                                 site_url="https://monitoring.example.pl/")
    [received] = smtp_server.messages
    assert received.recipients == ["wpis@example.org"]
    assert received.sender == "monitoring@example.pl"
    assert "Podaj liczbę z rejestru" in received.body and setup.count.name in received.body
