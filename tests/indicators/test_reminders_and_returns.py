"""Reminders go only to organisations that are late or have values returned, after a preview
(the page and the command alike); a returned value reaches its organisation by e-mail, with
the comment and a link, and as a line on its start page."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators.inputs import ReviewDecision
from indicators.models import IndicatorValue
from indicators.services.reminders import reminder_preview, reminders_send
from indicators.services.review import values_review
from programs.models import ReportingYear

from .conftest import YEAR

State = IndicatorValue.State


@pytest.fixture
def addresses(setup, organisation, other_organisation):
    organisation.email = "wpis@example.org"
    organisation.save()
    other_organisation.email = "inna@example.org"
    other_organisation.save()


def set_deadline(setup, days):
    ReportingYear.objects.filter(pk=setup.reporting_year.pk).update(
        deadline=timezone.localdate() + timedelta(days=days))
    setup.reporting_year.refresh_from_db()


def recipients(setup):
    return {r.organisation.pk for r in reminder_preview(setup.reporting_year)}


def test_nobody_is_reminded_months_before_the_deadline(setup, addresses, coordinator,
                                                       mailoutbox):
    set_deadline(setup, 120)
    assert recipients(setup) == set()
    assert reminders_send(user=coordinator, reporting_year=setup.reporting_year) == []
    assert mailoutbox == []


def test_after_the_deadline_only_organisations_still_owing_values(setup, addresses,
                                                                  organisation,
                                                                  other_organisation):
    set_deadline(setup, -1)
    IndicatorValue.objects.create(indicator=setup.other, year=YEAR, number=Decimal(7),
                                  state=State.SUBMITTED)  # the other one is done
    assert recipients(setup) == {organisation.pk}


def test_returned_values_are_reminded_before_the_deadline(setup, addresses,
                                                          other_organisation):
    set_deadline(setup, 120)
    IndicatorValue.objects.create(indicator=setup.other, year=YEAR, number=Decimal(7),
                                  state=State.RETURNED, review_comment="Sprawdź")
    [reminder] = reminder_preview(setup.reporting_year)
    assert reminder.organisation == other_organisation
    assert reminder.returned == 1 and not reminder.late


def test_only_the_confirmed_organisations_are_sent(setup, addresses, coordinator,
                                                   organisation, mailoutbox):
    set_deadline(setup, -1)
    sent = reminders_send(user=coordinator, reporting_year=setup.reporting_year,
                          organisation_ids=[organisation.pk])
    assert [org for org, _missing in sent] == [organisation]
    assert [m.to for m in mailoutbox] == [["wpis@example.org"]]


def test_the_page_previews_before_sending(client, setup, addresses, coordinator, organisation,
                                          mailoutbox):
    set_deadline(setup, -1)
    client.force_login(coordinator)
    url = reverse("reminders_send", args=[setup.programme.slug, YEAR])
    page = client.get(url).text
    assert "wpis@example.org" in page and setup.amount.name in page
    assert mailoutbox == []  # the preview sends nothing
    assert client.post(url, {"organisation": [organisation.pk]}).status_code == 302
    assert len(mailoutbox) == 1
    assert client.post(url, {}).status_code == 302 and len(mailoutbox) == 1


def test_the_command_previews_and_sends_only_when_confirmed(setup, addresses, mailoutbox):
    set_deadline(setup, -1)
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--programme", setup.programme.slug, stdout=out)
    assert "wpis@example.org" in out.getvalue() and mailoutbox == []
    # no terminal and no --yes: nothing sent
    call_command("send_reminders", "--programme", setup.programme.slug, stdout=StringIO())
    assert mailoutbox == []
    call_command("send_reminders", "--yes", "--programme", setup.programme.slug, stdout=StringIO())
    assert len(mailoutbox) == 2
    set_deadline(setup, 120)
    mailoutbox.clear()
    call_command("send_reminders", "--yes", "--programme", setup.programme.slug, stdout=StringIO())
    assert mailoutbox == []


def test_a_returned_value_reaches_the_organisation(client, setup, addresses, coordinator,
                                                   data_entry, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    value = IndicatorValue.objects.create(indicator=setup.count, year=YEAR, number=Decimal(130),
                                          state=State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert not values_review(user=coordinator, reporting_year=setup.reporting_year,
                                 decisions=[ReviewDecision(value.pk, "return",
                                                           "Podaj liczbę z rejestru")],
                                 site_url="https://monitoring.example.pl/")
    [mail] = mailoutbox
    assert mail.to == ["wpis@example.org"]
    assert "Podaj liczbę z rejestru" in mail.body and setup.count.name in mail.body
    entry = reverse("value_entry", args=[setup.programme.slug, YEAR])
    assert f"https://monitoring.example.pl{entry}#returned" in mail.body
    client.force_login(data_entry)
    home = client.get(reverse("home")).text
    assert f'href="{entry}#returned"' in home
    assert "1" in home.split(f'href="{entry}#returned"')[1].split("</a>")[0]
    page = client.get(entry).text
    assert 'id="returned"' in page and f'href="#row-{setup.count.pk}"' in page


def test_accepting_sends_no_mail(setup, addresses, coordinator, mailoutbox,
                                 django_capture_on_commit_callbacks):
    value = IndicatorValue.objects.create(indicator=setup.count, year=YEAR, number=Decimal(130),
                                          state=State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        values_review(user=coordinator, reporting_year=setup.reporting_year,
                      decisions=[ReviewDecision(value.pk, "accept")])
    assert mailoutbox == []
