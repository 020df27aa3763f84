"""The data-entry services: save, submit, review, lock, reopen, reminders, permissions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.access import EntryClosed
from indicators.inputs import ReviewDecision, ValueInput
from indicators.models import IndicatorValue
from indicators.services.reminders import reminders_send
from indicators.services.review import values_review, values_submit
from indicators.services.values import values_save
from indicators.services.years import year_lock, year_open, year_reopen
from programs.models import ReportingYear

from .conftest import YEAR

State = IndicatorValue.State


def save(user, setup, *inputs):
    return values_save(user=user, reporting_year=setup.reporting_year,
                                inputs=list(inputs))


def value_of(indicator):
    return IndicatorValue.objects.filter(indicator=indicator, year=YEAR).first()


def test_saves_a_draft_with_polish_number_and_history(setup, data_entry):
    result = save(data_entry, setup, ValueInput(setup.count.pk, "130", remarks="Uwaga"),
                  ValueInput(setup.amount.pk, "1 380,50"))
    assert result.ok
    value = value_of(setup.amount)
    assert value.number == Decimal("1380.50") and value.state == State.DRAFT
    assert value.version == 1 and value.entered_by == data_entry
    assert value_of(setup.count).remarks == "Uwaga"
    assert value.history.count() == 1
    assert value.history.first().history_user == data_entry


def test_any_invalid_field_saves_nothing_and_reports_every_error(setup, data_entry):
    result = save(data_entry, setup, ValueInput(setup.count.pk, "1,5"),
                  ValueInput(setup.amount.pk, "abc"), ValueInput(setup.text.pk, "Opis"))
    assert not result.ok
    assert set(result.errors) == {setup.count.pk, setup.amount.pk}
    assert "value" in result.errors[setup.count.pk]
    assert not IndicatorValue.objects.filter(year=YEAR).exists()


def test_no_data_needs_a_reason(setup, data_entry):
    result = save(data_entry, setup, ValueInput(setup.count.pk, no_data=True))
    assert result.errors[setup.count.pk]["no_data_reason"]
    result = save(data_entry, setup,
                  ValueInput(setup.count.pk, no_data=True, no_data_reason="Brak sprawozdania"))
    assert result.ok
    value = value_of(setup.count)
    assert value.no_data and value.number is None


def test_no_data_and_a_value_together_are_refused(setup, data_entry):
    result = save(data_entry, setup,
                  ValueInput(setup.count.pk, "5", no_data=True, no_data_reason="x"))
    assert "value" in result.errors[setup.count.pk]


def test_remarks_alone_are_not_a_value(setup, data_entry):
    result = save(data_entry, setup, ValueInput(setup.count.pk, remarks="tylko uwaga"))
    assert "remarks" in result.errors[setup.count.pk]
    assert value_of(setup.count) is None


def test_text_indicator_keeps_text_unescaped_as_data(setup, data_entry):
    assert save(data_entry, setup, ValueInput(setup.text.pk, "<b>Opis</b>")).ok
    assert value_of(setup.text).text == "<b>Opis</b>"


def test_stale_version_is_refused_with_the_other_persons_value(setup, data_entry,
                                                               django_user_model):
    assert save(data_entry, setup, ValueInput(setup.count.pk, "130")).ok
    colleague = django_user_model.objects.create_user(
        "colleague", first_name="Ewa", last_name="Kowalska",
        organisation=data_entry.organisation)
    colleague.groups.set(data_entry.groups.all())
    assert save(colleague, setup, ValueInput(setup.count.pk, "131", version=1)).ok
    result = save(data_entry, setup, ValueInput(setup.count.pk, "135", version=1))
    assert not result.ok
    assert result.conflicts[setup.count.pk].number == 131
    assert "Ewa Kowalska" in result.errors[setup.count.pk]["value"][0]
    assert "131" in result.errors[setup.count.pk]["value"][0]
    assert value_of(setup.count).number == 131


def test_unchanged_input_is_not_a_conflict(setup, data_entry):
    assert save(data_entry, setup, ValueInput(setup.count.pk, "130")).ok
    result = save(data_entry, setup, ValueInput(setup.count.pk, "130", version=0))
    assert result.ok and result.changed_count == 0


def test_typo_guard_asks_for_confirmation(setup, data_entry):
    result = save(data_entry, setup, ValueInput(setup.count.pk, "1200"))
    assert setup.count.pk in result.needs_confirmation
    assert value_of(setup.count) is None
    assert save(data_entry, setup, ValueInput(setup.count.pk, "1200", confirmed=True)).ok
    assert value_of(setup.count).number == 1200


def test_change_after_submission_needs_a_reason_and_returns_to_draft(setup, data_entry):
    submit_all(setup, data_entry)
    value = value_of(setup.count)
    result = save(data_entry, setup, ValueInput(setup.count.pk, "140", version=value.version))
    assert "change_reason" in result.errors[setup.count.pk]
    result = save(data_entry, setup, ValueInput(setup.count.pk, "140", version=value.version,
                                                change_reason="Korekta po weryfikacji"))
    assert result.ok
    value.refresh_from_db()
    assert value.state == State.DRAFT and value.number == 140
    assert value.history.first().history_change_reason == "Korekta po weryfikacji"


def test_clearing_a_draft_deletes_it(setup, data_entry):
    assert save(data_entry, setup, ValueInput(setup.count.pk, "130")).ok
    assert save(data_entry, setup, ValueInput(setup.count.pk, "", version=1)).ok
    assert value_of(setup.count) is None


def fill_all(setup, user, deviation=""):
    result = save(user, setup, ValueInput(setup.count.pk, "130"),
                  ValueInput(setup.amount.pk, "900", deviation_assessment=deviation),
                  ValueInput(setup.text.pk, "Opis"))
    assert result.ok, result.errors


def test_submit_requires_every_indicator(setup, data_entry):
    assert save(data_entry, setup, ValueInput(setup.count.pk, "130")).ok
    result = values_submit(user=data_entry, reporting_year=setup.reporting_year,
                                    organisation=data_entry.organisation)
    assert set(result.errors) == {setup.amount.pk, setup.text.pk}
    assert value_of(setup.count).state == State.DRAFT


def test_submit_requires_deviation_assessment_where_target_is_missed(setup, data_entry):
    fill_all(setup, data_entry)  # 900 < target 1000: not met
    result = values_submit(user=data_entry, reporting_year=setup.reporting_year,
                                    organisation=data_entry.organisation)
    assert list(result.errors) == [setup.amount.pk]
    assert save(data_entry, setup, ValueInput(setup.amount.pk, "900", version=1,
                                              deviation_assessment="Mniej wniosków")).ok
    result = values_submit(user=data_entry, reporting_year=setup.reporting_year,
                                    organisation=data_entry.organisation)
    assert result.ok and result.submitted == 3
    assert value_of(setup.amount).state == State.SUBMITTED


def submit_all(setup, user):
    fill_all(setup, user, deviation="Plan naprawczy")
    assert values_submit(user=user, reporting_year=setup.reporting_year,
                                  organisation=user.organisation).ok


def test_return_needs_a_comment_and_the_organisation_can_correct(setup, data_entry,
                                                                 coordinator):
    submit_all(setup, data_entry)
    value = value_of(setup.count)
    errors = values_review(user=coordinator, reporting_year=setup.reporting_year,
                                    decisions=[ReviewDecision(value.pk, "return")])
    assert errors[value.pk]
    assert not values_review(
        user=coordinator, reporting_year=setup.reporting_year,
        decisions=[ReviewDecision(value.pk, "return", "Sprawdź liczbę osób")])
    value.refresh_from_db()
    assert value.state == State.RETURNED and value.review_comment == "Sprawdź liczbę osób"
    assert save(data_entry, setup, ValueInput(setup.count.pk, "131", version=value.version)).ok
    assert values_submit(user=data_entry, reporting_year=setup.reporting_year,
                                  organisation=data_entry.organisation).ok
    assert value_of(setup.count).state == State.SUBMITTED


def test_accepted_value_cannot_be_changed_by_the_organisation(setup, data_entry, coordinator):
    submit_all(setup, data_entry)
    value = value_of(setup.count)
    assert not values_review(user=coordinator, reporting_year=setup.reporting_year,
                             decisions=[ReviewDecision(value.pk, "accept")])
    value.refresh_from_db()
    result = save(data_entry, setup, ValueInput(setup.count.pk, "131", version=value.version,
                                                change_reason="x"))
    assert "value" in result.errors[setup.count.pk]


def test_only_the_coordinator_reviews(setup, data_entry, department_head):
    submit_all(setup, data_entry)
    value = value_of(setup.count)
    for user in (data_entry, department_head):
        with pytest.raises(PermissionDenied):
            values_review(user=user, reporting_year=setup.reporting_year,
                          decisions=[ReviewDecision(value.pk, "accept")])


def accept_all(setup, coordinator):
    decisions = [ReviewDecision(v.pk, "accept") for v in IndicatorValue.objects.filter(
        year=YEAR, state=State.SUBMITTED)]
    assert not values_review(user=coordinator, reporting_year=setup.reporting_year,
                                      decisions=decisions)


def test_lock_needs_everything_accepted_then_refuses_edits(setup, data_entry,
                                                          other_data_entry, coordinator):
    submit_all(setup, data_entry)
    with pytest.raises(ValidationError):
        year_lock(user=coordinator, reporting_year=setup.reporting_year,
                           conclusion="", accepted_by="Prezydent", accepted_on=None)
    assert save(other_data_entry, setup, ValueInput(setup.other.pk, "7")).ok
    assert values_submit(user=other_data_entry, reporting_year=setup.reporting_year,
                                  organisation=other_data_entry.organisation).ok
    accept_all(setup, coordinator)
    year = year_lock(user=coordinator, reporting_year=setup.reporting_year,
                              conclusion="Cele osiągnięte.", accepted_by="PREZYDENT MIASTA",
                              accepted_on=None)
    assert year.is_locked and year.locked_by == coordinator
    for user in (data_entry, coordinator):
        with pytest.raises(EntryClosed):
            values_save(user=user, reporting_year=year,
                                 inputs=[ValueInput(setup.count.pk, "1", version=3)])


def test_reopen_needs_a_reason_and_is_logged(setup, coordinator):
    year = setup.reporting_year
    ReportingYear.objects.filter(pk=year.pk).update(state=ReportingYear.State.ACCEPTED)
    year.refresh_from_db()
    with pytest.raises(ValidationError):
        year_reopen(user=coordinator, reporting_year=year, reason="  ")
    year = year_reopen(user=coordinator, reporting_year=year,
                                reason="Korekta danych PUP")
    assert year.state == ReportingYear.State.OPEN
    latest = year.history.first()
    assert latest.history_change_reason == "Korekta danych PUP"
    assert latest.history_user == coordinator and latest.reopen_reason == "Korekta danych PUP"


def test_open_year_by_coordinator_only(setup, coordinator, data_entry):
    with pytest.raises(PermissionDenied):
        year_open(user=data_entry, programme=setup.programme, year=2022, deadline=None)
    year = year_open(user=coordinator, programme=setup.programme, year=2022,
                              deadline=None)
    assert year.state == ReportingYear.State.OPEN
    with pytest.raises(ValidationError):
        year_open(user=coordinator, programme=setup.programme, year=2022, deadline=None)
    with pytest.raises(ValidationError):
        year_open(user=coordinator, programme=setup.programme, year=2030, deadline=None)


def test_data_entry_cannot_touch_another_organisations_indicator(setup, data_entry):
    with pytest.raises(PermissionDenied):
        save(data_entry, setup, ValueInput(setup.count.pk, "5"), ValueInput(setup.other.pk, "5"))
    assert not IndicatorValue.objects.filter(year=YEAR).exists()
    with pytest.raises(PermissionDenied):
        values_submit(user=data_entry, reporting_year=setup.reporting_year,
                               organisation=setup.other.reporting_organisation)


@pytest.mark.parametrize("role", ["department_head", "council_member"])
def test_readers_cannot_save(setup, request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        save(user, setup, ValueInput(setup.count.pk, "5"))


def test_year_goes_in_review_when_every_organisation_has_submitted(setup, data_entry,
                                                                  other_data_entry):
    submit_all(setup, data_entry)
    setup.reporting_year.refresh_from_db()
    assert setup.reporting_year.state == ReportingYear.State.OPEN  # the other one is missing
    assert values_save(user=other_data_entry, reporting_year=setup.reporting_year,
                                inputs=[ValueInput(setup.other.pk, "5")]).ok
    assert values_submit(user=other_data_entry, reporting_year=setup.reporting_year,
                                  organisation=other_data_entry.organisation).ok
    setup.reporting_year.refresh_from_db()
    assert setup.reporting_year.state == ReportingYear.State.IN_REVIEW
    assert setup.reporting_year.history.first().history_change_reason == (
        "przekazano wszystkie wartości")


def test_coordinator_may_enter_for_any_organisation(setup, coordinator):
    assert save(coordinator, setup, ValueInput(setup.other.pk, "5")).ok


def test_year_in_review_accepts_only_returned_values_from_organisations(setup, data_entry):
    ReportingYear.objects.filter(pk=setup.reporting_year.pk).update(
        state=ReportingYear.State.IN_REVIEW)
    setup.reporting_year.refresh_from_db()
    result = save(data_entry, setup, ValueInput(setup.count.pk, "130"))
    assert "value" in result.errors[setup.count.pk]


def test_reminders_list_exactly_what_is_missing(setup, data_entry, other_data_entry,
                                                coordinator, mailoutbox):
    data_entry.email = "wpis@example.org"
    data_entry.save()
    setup.other.reporting_organisation.email = "inna@example.org"
    setup.other.reporting_organisation.save()
    assert save(data_entry, setup, ValueInput(setup.count.pk, "130")).ok
    ReportingYear.objects.filter(pk=setup.reporting_year.pk).update(deadline="2022-01-31")
    setup.reporting_year.refresh_from_db()  # late: reminders go to both
    sent = reminders_send(user=coordinator, reporting_year=setup.reporting_year)
    assert len(sent) == 2 and len(mailoutbox) == 2
    mine = next(m for m in mailoutbox if m.to == ["wpis@example.org"])
    assert setup.amount.name in mine.body and setup.text.name in mine.body
    assert setup.count.name in mine.body  # entered but not submitted
    assert setup.other.name not in mine.body
    with pytest.raises(PermissionDenied):
        reminders_send(user=data_entry, reporting_year=setup.reporting_year)
