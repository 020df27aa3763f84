"""Locking with what the document prints, publishing and withdrawing a report: only accepted
years, only the coordinator, logged; the report public exactly while published."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from indicators.services.years import year_lock, year_publish, year_unpublish
from lib.dates import date_in_words, month_in_words
from programs.models import ReportingYear
from reports.builder import build_report

YearState = ReportingYear.State


def accepted(setup):
    year = setup.reporting_year
    ReportingYear.objects.filter(pk=year.pk).update(
        state=YearState.ACCEPTED, accepted_by="PREZYDENT MIASTA", accepted_on=date(2023, 6, 15))
    year.refresh_from_db()
    return year


def test_dates_in_words_the_polish_way():
    assert date_in_words(date(2023, 6, 15)) == "15 czerwca 2023 r."
    assert date_in_words(date(2024, 1, 2)) == "2 stycznia 2024 r."
    assert month_in_words(date(2023, 6, 1)) == "czerwiec 2023 r."
    assert date_in_words(None) == ""


def test_lock_records_what_the_document_prints(setup, coordinator, organisation,
                                               monkeypatch):
    monkeypatch.setattr("indicators.services.years.year_blockers", lambda year: [])
    year = year_lock(user=coordinator, reporting_year=setup.reporting_year,
                     conclusion="Cele osiągnięte.", accepted_by="PREZYDENT MIASTA",
                     accepted_on=date(2023, 6, 15), prepared_on=date(2023, 5, 1),
                     prepared_by=organisation, signatory_name="Jan Kowalski",
                     signatory_title="Dyrektor MOPR")
    year.refresh_from_db()
    assert (year.prepared_by, year.prepared_on) == (organisation, date(2023, 5, 1))
    assert (year.signatory_name, year.signatory_title) == ("Jan Kowalski", "Dyrektor MOPR")
    report = build_report(setup.programme, year)
    assert report.accepted_on_text == "15 czerwca 2023 r."
    assert report.prepared_month == "maj 2023"  # the title page adds " r."


def test_lock_form_asks_for_the_cover_and_takes_a_typed_month(client, setup, coordinator,
                                                              organisation, monkeypatch):
    monkeypatch.setattr("indicators.services.years.year_blockers", lambda year: [])
    client.force_login(coordinator)
    url = reverse("year_lock", args=[setup.programme.slug, setup.reporting_year.year])
    page = client.get(url).content.decode()
    for name in ("conclusion", "prepared_by", "prepared_on", "signatory_name",
                 "signatory_title", "accepted_by", "accepted_on"):
        assert f'name="{name}"' in page
    response = client.post(url, {
        "conclusion": "Wniosek", "prepared_by": organisation.pk, "prepared_on": "06.2023",
        "signatory_name": "Jan Kowalski", "signatory_title": "Dyrektor",
        "accepted_by": "PREZYDENT MIASTA", "accepted_on": "2023-06-15"})
    assert response.status_code == 302
    year = ReportingYear.objects.get(pk=setup.reporting_year.pk)
    assert year.prepared_on == date(2023, 6, 1) and year.accepted_on == date(2023, 6, 15)
    assert year.state == YearState.ACCEPTED


def test_only_an_accepted_year_is_published(setup, coordinator):
    with pytest.raises(ValidationError):
        year_publish(user=coordinator, reporting_year=setup.reporting_year)
    assert ReportingYear.objects.get(pk=setup.reporting_year.pk).state == YearState.OPEN


@pytest.mark.parametrize("role", ["data_entry", "department_head", "council_member"])
def test_only_the_coordinator_publishes_and_withdraws(request, setup, role):
    user = request.getfixturevalue(role)
    year = accepted(setup)
    with pytest.raises(PermissionDenied):
        year_publish(user=user, reporting_year=year)
    ReportingYear.objects.filter(pk=year.pk).update(state=YearState.PUBLISHED)
    with pytest.raises(PermissionDenied):
        year_unpublish(user=user, reporting_year=year, reason="Błąd")


def test_publish_records_who_and_when_and_is_logged(setup, coordinator):
    year = year_publish(user=coordinator, reporting_year=accepted(setup))
    year.refresh_from_db()
    assert year.state == YearState.PUBLISHED
    assert year.published_by == coordinator and year.published_at is not None
    event = AuditEvent.objects.filter(action=AuditEvent.Action.YEAR_STATE_CHANGED).latest("pk")
    assert event.user == coordinator and event.comment
    with pytest.raises(ValidationError):
        year_publish(user=coordinator, reporting_year=year)


def test_withdrawal_needs_a_reason_and_is_logged(setup, coordinator):
    year = year_publish(user=coordinator, reporting_year=accepted(setup))
    with pytest.raises(ValidationError):
        year_unpublish(user=coordinator, reporting_year=year, reason="   ")
    year = year_unpublish(user=coordinator, reporting_year=year, reason="Błąd w tabeli 2")
    year.refresh_from_db()
    assert year.state == YearState.ACCEPTED and year.is_locked
    assert year.unpublish_reason == "Błąd w tabeli 2" and year.published_at is None
    event = AuditEvent.objects.filter(action=AuditEvent.Action.YEAR_STATE_CHANGED).latest("pk")
    assert "Błąd w tabeli 2" in event.comment and event.user == coordinator
    assert "Błąd w tabeli 2" in year.history.first().history_change_reason
    with pytest.raises(ValidationError):
        year_unpublish(user=coordinator, reporting_year=year, reason="Jeszcze raz")


def test_publish_page_confirms_then_the_report_is_public(client, setup, coordinator):
    year = accepted(setup)
    slug = setup.programme.slug
    pdf = reverse("reports_programme:pdf", args=[slug, year.year])
    assert client.get(pdf).status_code in (403, 404)  # not public before publishing
    client.force_login(coordinator)
    url = reverse("year_publish", args=[slug, year.year])
    page = client.get(url).content.decode()
    assert "<form" in page and "PDF" in page
    assert ReportingYear.objects.get(pk=year.pk).state == YearState.ACCEPTED  # GET asks only
    assert client.post(url).status_code == 302
    client.logout()
    assert client.get(pdf).status_code in (200, 202)  # served, or being prepared
    assert str(year.year) in client.get(reverse("reports:list")).content.decode()


@pytest.mark.parametrize("role", ["data_entry", "department_head", "council_member"])
def test_publish_page_refuses_other_roles(client, request, setup, role):
    year = accepted(setup)
    client.force_login(request.getfixturevalue(role))
    for name in ("year_publish", "year_unpublish"):
        response = client.post(reverse(name, args=[setup.programme.slug, year.year]),
                               {"reason": "x"})
        assert response.status_code in (403, 404)
    assert ReportingYear.objects.get(pk=year.pk).state == YearState.ACCEPTED


def test_council_member_start_page_lists_newly_published_reports(client, setup, coordinator,
                                                                  council_member):
    year_publish(user=coordinator, reporting_year=accepted(setup))
    client.force_login(council_member)
    page = client.get(reverse("home")).content.decode()
    assert 'id="new-reports"' in page
    assert reverse("reports_programme:pdf", args=[setup.programme.slug, 2021]) in page


def test_report_carries_the_no_data_reason_in_remarks_and_the_acceptance_in_words(setup):
    from indicators.models import IndicatorValue
    from reports.exporters import render_document_html

    IndicatorValue.objects.create(indicator=setup.amount, year=2021, no_data=True,
                                  no_data_reason="GUS publikuje dane w październiku",
                                  remarks="Dane szacunkowe", state="accepted")
    year = accepted(setup)
    report = build_report(setup.programme, year)
    [line] = [line for section in report.sections for block in section.items
              for line in getattr(block, "lines", []) if line.name == setup.amount.name]
    assert line.remarks == "Brak danych: GUS publikuje dane w październiku\nDane szacunkowe"
    html = render_document_html(report, for_pdf=True)
    assert "15 czerwca 2023 r." in html and "2023-06-15" not in html
    assert "GUS publikuje dane w październiku" in html
