"""The diagnosis asked from organisations: the coordinator marks rows monitored yearly, the
entry page's "Dane diagnozy" section saves a year's values, the programme page shows them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from programs.models import DiagnosisRow, DiagnosisValue, ReportingYear
from programs.services import data_version
from tests.diagnosis_builders import OPEN_YEAR, PUBLISHED_YEAR, build_diagnosis, enter


@pytest.fixture
def setup(db, organisation, other_organisation):
    return build_diagnosis(organisation, other_organisation)


def monitoring_url(setup):
    return reverse("diagnosis_monitoring", args=[setup.programme.slug])


def entry_url(setup, year=OPEN_YEAR):
    return reverse("value_entry", args=[setup.programme.slug, year])


def monitoring_post(setup, rows: dict) -> dict:
    """Every row of the page as the browser sends it; ``rows``: row → (monitored, organisation)."""
    data = {}
    for row in DiagnosisRow.objects.filter(table__programme=setup.programme):
        monitored, organisation = rows.get(row, (row.monitored_yearly,
                                                 row.reporting_organisation))
        if monitored:
            data[f"d{row.pk}-monitored_yearly"] = "on"
        data[f"d{row.pk}-reporting_organisation"] = organisation.pk if organisation else ""
    return data


# --- the coordinator's page -------------------------------------------------------------------


def test_coordinator_sees_every_row_with_its_choice(client, coordinator, setup):
    client.force_login(coordinator)
    response = client.get(monitoring_url(setup))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tabela Nr 1. Osoby korzystające z pomocy społecznej" in html
    for row in (setup.ours, setup.theirs, setup.statistics, setup.ours_amount):
        assert row.label in html
    ours, statistics = setup.ours.pk, setup.statistics.pk
    assert f'id="id_d{ours}-monitored_yearly" checked' in html
    assert f'id="id_d{statistics}-monitored_yearly">' in html


def test_programme_page_links_the_coordinator_to_it(client, coordinator, data_entry, setup):
    client.force_login(coordinator)
    assert monitoring_url(setup) in client.get(setup.programme.get_absolute_url()).content.decode()
    client.force_login(data_entry)
    assert monitoring_url(setup) not in client.get(
        setup.programme.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["data_entry", "department_head", "council_member"])
def test_refuses_other_roles(client, request, setup, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(monitoring_url(setup)).status_code == 403
    assert client.post(monitoring_url(setup), monitoring_post(
        setup, {setup.statistics: (True, setup.statistics.reporting_organisation)}
    )).status_code == 403
    setup.statistics.refresh_from_db()
    assert not setup.statistics.monitored_yearly


def test_anonymous_is_sent_to_login(client, setup):
    response = client.get(monitoring_url(setup))
    assert response.status_code == 302 and "login" in response.url


def test_404_for_unknown_programme(client, coordinator, setup):
    client.force_login(coordinator)
    assert client.get(reverse("diagnosis_monitoring", args=["no-such"])).status_code == 404


def test_marks_a_row_with_its_organisation_and_records_it(client, coordinator, setup,
                                                          other_organisation):
    client.force_login(coordinator)
    version = data_version(setup.programme)
    response = client.post(monitoring_url(setup), monitoring_post(setup, {
        setup.statistics: (True, other_organisation), setup.theirs: (False, None)}))
    assert response.status_code == 302
    setup.statistics.refresh_from_db()
    setup.theirs.refresh_from_db()
    assert setup.statistics.monitored_yearly
    assert setup.statistics.reporting_organisation == other_organisation
    assert not setup.theirs.monitored_yearly and setup.theirs.reporting_organisation is None
    events = AuditEvent.objects.filter(action=AuditEvent.Action.STRUCTURE_CHANGED,
                                       object_type="programs.diagnosisrow")
    assert {event.object_id for event in events} == {str(setup.statistics.pk),
                                                     str(setup.theirs.pk)}
    assert all(event.user == coordinator for event in events)
    assert data_version(setup.programme) > version


def test_a_monitored_row_without_organisation_saves_nothing(client, coordinator, setup,
                                                            other_organisation):
    client.force_login(coordinator)
    response = client.post(monitoring_url(setup), monitoring_post(setup, {
        setup.theirs: (False, None), setup.statistics: (True, None)}))
    assert response.status_code == 400
    assert "Wybierz organizację, która co roku podaje ten wiersz." in response.content.decode()
    setup.theirs.refresh_from_db()
    assert setup.theirs.monitored_yearly  # the valid change was not saved either
    assert not AuditEvent.objects.filter(object_type="programs.diagnosisrow",
                                         user=coordinator).exists()


# --- the entry page's section -----------------------------------------------------------------


def test_entry_page_lists_only_own_monitored_rows(client, data_entry, setup):
    client.force_login(data_entry)
    html = client.get(entry_url(setup)).content.decode()
    assert "Dane diagnozy" in html
    assert f'name="diagnosis-{setup.ours.pk}"' in html
    assert f'name="diagnosis-{setup.ours_amount.pk}"' in html
    assert setup.theirs.label not in html  # another organisation's row
    assert setup.statistics.label not in html  # not monitored
    assert "7\u00a0500" in html  # the latest earlier value (2020) beside the field


def test_other_organisation_sees_its_own_row_only(client, other_data_entry, setup):
    client.force_login(other_data_entry)
    html = client.get(entry_url(setup)).content.decode()
    assert f'name="diagnosis-{setup.theirs.pk}"' in html
    assert setup.ours.label not in html


def test_saves_polish_numbers_with_audit(client, data_entry, setup):
    client.force_login(data_entry)
    version = data_version(setup.programme, OPEN_YEAR)
    response = client.post(entry_url(setup), {
        "save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "7 812",
        f"diagnosis-{setup.ours_amount.pk}": "1 380 000,50"})
    assert response.status_code == 302
    values = {value.row_id: value for value in DiagnosisValue.objects.all()}
    assert values[setup.ours.pk].number == Decimal("7812")
    assert values[setup.ours.pk].year == OPEN_YEAR
    assert values[setup.ours.pk].entered_by == data_entry
    assert values[setup.ours_amount.pk].number == Decimal("1380000.50")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VALUE_CREATED,
                                     object_type="programs.diagnosisvalue").count() == 2
    assert data_version(setup.programme, OPEN_YEAR) > version
    html = client.get(entry_url(setup)).content.decode()
    assert 'value="7\u00a0812"' in html


def test_an_error_saves_nothing_and_keeps_what_was_typed(client, data_entry, setup):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {
        "save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "12,5",
        f"diagnosis-{setup.ours_amount.pk}": "1 000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ten wskaźnik przyjmuje liczbę całkowitą, bez części dziesiętnej." in html
    assert 'value="12,5"' in html and 'value="1 000"' in html
    assert not DiagnosisValue.objects.exists()


def test_clearing_a_field_deletes_the_value(client, data_entry, setup):
    enter(setup.ours, OPEN_YEAR, Decimal(10))
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {"save_diagnosis": "",
                                              f"diagnosis-{setup.ours.pk}": "",
                                              f"diagnosis-{setup.ours.pk}-shown": "10"})
    assert response.status_code == 302
    assert not DiagnosisValue.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VALUE_DELETED).count() == 1


def test_another_organisations_row_is_refused(client, data_entry, setup):
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {
        "save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "5",
        f"diagnosis-{setup.theirs.pk}": "99"})
    # The other organisation's field is not in the form: it is ignored, never saved.
    assert response.status_code == 302
    assert list(DiagnosisValue.objects.values_list("row_id", flat=True)) == [setup.ours.pk]


def test_service_refuses_rows_not_asked(data_entry, setup, organisation):
    from indicators.services.diagnosis import diagnosis_values_save

    result = diagnosis_values_save(user=data_entry, reporting_year=setup.open_year,
                                   organisation=organisation,
                                   typed={setup.theirs.pk: "5", setup.statistics.pk: "1",
                                          setup.ours.pk: "3"})
    assert set(result.errors) == {setup.theirs.pk, setup.statistics.pk}
    assert not DiagnosisValue.objects.exists()


def test_service_refuses_another_organisation(data_entry, setup, other_organisation):
    from django.core.exceptions import PermissionDenied

    from indicators.services.diagnosis import diagnosis_values_save

    with pytest.raises(PermissionDenied):
        diagnosis_values_save(user=data_entry, reporting_year=setup.open_year,
                              organisation=other_organisation, typed={setup.theirs.pk: "5"})
    assert not DiagnosisValue.objects.exists()


@pytest.mark.parametrize("state", [ReportingYear.State.ACCEPTED, ReportingYear.State.PUBLISHED])
def test_locked_year_is_refused(client, data_entry, coordinator, setup, state, organisation):
    setup.open_year.state = state
    setup.open_year.save()
    client.force_login(data_entry)
    html = client.get(entry_url(setup)).content.decode()
    assert f'name="diagnosis-{setup.ours.pk}"' not in html
    assert f"Rok {OPEN_YEAR} jest zamknięty" in html
    assert client.post(entry_url(setup), {"save_diagnosis": "",
                                          f"diagnosis-{setup.ours.pk}": "5"}).status_code == 403
    client.force_login(coordinator)
    assert client.post(f"{entry_url(setup)}?organisation={organisation.pk}", {
        "save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "5"}).status_code == 403
    assert not DiagnosisValue.objects.exists()


def test_in_review_only_the_coordinator_changes(client, data_entry, coordinator, setup,
                                                organisation):
    setup.open_year.state = ReportingYear.State.IN_REVIEW
    setup.open_year.save()
    client.force_login(data_entry)
    assert client.post(entry_url(setup), {"save_diagnosis": "",
                                          f"diagnosis-{setup.ours.pk}": "5"}).status_code == 403
    client.force_login(coordinator)
    response = client.post(f"{entry_url(setup)}?organisation={organisation.pk}", {
        "save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "5"})
    assert response.status_code == 302
    assert DiagnosisValue.objects.get().entered_by == coordinator


def test_saving_diagnosis_leaves_indicator_values_alone(client, data_entry, setup):
    from indicators.models import IndicatorValue

    before = IndicatorValue.objects.count()
    client.force_login(data_entry)
    client.post(entry_url(setup), {"save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "5",
                                   "v1-value": "3", "v1-version": "0"})
    assert IndicatorValue.objects.count() == before
    assert DiagnosisValue.objects.get().number == 5


# --- who reads the entered values -------------------------------------------------------------


def test_programme_page_shows_entered_values_by_the_rule(client, data_entry, other_data_entry,
                                                         council_member, department_head, setup):
    enter(setup.ours, OPEN_YEAR, Decimal(8100))  # the open year: not yet public
    enter(setup.ours, PUBLISHED_YEAR, Decimal(8000))  # published
    url = setup.programme.get_absolute_url()
    for user, sees_open in ((department_head, True), (data_entry, True),
                            (other_data_entry, False), (council_member, False), (None, False)):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert "8\u00a0000" in html, user
        assert ("8\u00a0100" in html) is sees_open, user


def test_a_field_left_out_of_the_request_keeps_its_value(client, data_entry, setup):
    enter(setup.ours, OPEN_YEAR, Decimal(10))
    client.force_login(data_entry)
    response = client.post(entry_url(setup), {"save_diagnosis": "",
                                              f"diagnosis-{setup.ours_amount.pk}": "5"})
    assert response.status_code == 302
    assert DiagnosisValue.objects.get(row=setup.ours).number == 10


def test_a_field_left_as_shown_does_not_overwrite_a_colleagues_change(client, data_entry,
                                                                      setup):
    enter(setup.ours, OPEN_YEAR, Decimal(10))
    client.force_login(data_entry)
    shown = client.get(entry_url(setup)).content.decode()
    assert f'name="diagnosis-{setup.ours.pk}-shown" value="10"' in shown
    DiagnosisValue.objects.filter(row=setup.ours).update(number=11)  # saved meanwhile
    response = client.post(entry_url(setup), {
        "save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "10",
        f"diagnosis-{setup.ours.pk}-shown": "10", f"diagnosis-{setup.ours_amount.pk}": "7",
        f"diagnosis-{setup.ours_amount.pk}-shown": ""})
    assert response.status_code == 302
    assert DiagnosisValue.objects.get(row=setup.ours).number == 11
    assert DiagnosisValue.objects.get(row=setup.ours_amount).number == 7


def test_changing_a_value_changed_meanwhile_is_refused_with_the_new_one(client, data_entry,
                                                                        setup):
    enter(setup.ours, OPEN_YEAR, Decimal(10))
    DiagnosisValue.objects.filter(row=setup.ours).update(number=11)  # after the page was shown
    client.force_login(data_entry)
    data = {"save_diagnosis": "", f"diagnosis-{setup.ours.pk}": "12",
            f"diagnosis-{setup.ours.pk}-shown": "10"}
    response = client.post(entry_url(setup), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "w tym czasie zmienił tę wartość; teraz wynosi: 11" in html
    assert 'value="12"' in html  # what was typed is kept
    assert f'name="diagnosis-{setup.ours.pk}-shown" value="11"' in html
    assert DiagnosisValue.objects.get(row=setup.ours).number == 11
    data[f"diagnosis-{setup.ours.pk}-shown"] = "11"  # saved again from the page shown now
    assert client.post(entry_url(setup), data).status_code == 302
    assert DiagnosisValue.objects.get(row=setup.ours).number == 12


def test_programme_page_names_the_organisation_of_a_monitored_row(client, setup):
    html = client.get(setup.programme.get_absolute_url()).content.decode()
    assert "monitorowany corocznie: Organizacja testowa" in html
    assert "monitorowany corocznie: Inna organizacja" in html
