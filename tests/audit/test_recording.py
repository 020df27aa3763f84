"""What reaches the audit log, from which path, with who, when and before → after."""

from decimal import Decimal

from django.urls import reverse
from simple_history.models import HistoricalRecords

from audit.history import sync_history
from audit.models import AuditEvent
from indicators.inputs import ValueInput
from indicators.models import IndicatorValue
from indicators.services.values import values_save
from programs.models import Objective, ReportingYear

Action = AuditEvent.Action


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("pk"))


def value_events():
    """Events of our own programme's values (``sync_history`` also records the demo data's)."""
    return events(object_type="indicators.indicatorvalue",
                  object_label__startswith="Wskaźnik testowy audytu")


def save_value(user, setup, text, reason=""):
    current = IndicatorValue.objects.filter(indicator=setup.indicator, year=2021)
    version = current.values_list("version", flat=True).first() or 0
    result = values_save(
        user=user,
        reporting_year=setup.reporting_year,
        inputs=[ValueInput(indicator_id=setup.indicator.pk, value=text,
                                          version=version, change_reason=reason,
                                          confirmed=True)],
    )
    assert result.ok, result.errors


def test_successful_login_is_recorded_with_address(client, coordinator):
    response = client.post(reverse("login"), {"username": "t-coordinator",
                                              "password": "test-pass-123"},
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    (event,) = events(action=Action.LOGIN_SUCCEEDED)
    assert event.user == coordinator
    assert event.remote_ip == "10.1.2.3"


def test_failed_login_is_recorded_with_the_user_name_tried(client, coordinator):
    client.post(reverse("login"), {"username": "t-coordinator", "password": "wrong"},
                REMOTE_ADDR="10.1.2.4")
    client.post(reverse("login"), {"username": "nobody-<b>", "password": "wrong"},
                REMOTE_ADDR="10.1.2.4")
    known, unknown = events(action=Action.LOGIN_FAILED)
    assert known.user == coordinator and known.remote_ip == "10.1.2.4"
    assert unknown.user is None and unknown.username == "nobody-<b>"
    assert "wrong" not in str(known.before) + str(known.after) + known.comment


def test_value_saved_in_bulk_through_a_request_is_recorded_with_user_and_ip(
    client, data_entry, small_programme
):
    """The data-entry page saves with bulk_create/bulk_update_with_history (no signals): the
    audit middleware records them at the end of the request."""
    client.force_login(data_entry)
    url = reverse("value_entry", args=[small_programme.programme.slug, 2021])
    page = client.get(url)
    assert page.status_code == 200
    form = {key: value for key, value in _form_fields(page).items()}
    form.update({_field_named(form, "value"): "12"})
    response = client.post(url, form, REMOTE_ADDR="10.9.8.7")
    assert response.status_code in (200, 302)
    (event,) = events(action=Action.VALUE_CREATED)
    assert event.user == data_entry
    assert event.remote_ip == "10.9.8.7"
    assert event.object_type == "indicators.indicatorvalue"
    assert "Wskaźnik testowy audytu" in event.object_label and "2021" in event.object_label
    assert Decimal(event.after["number"]) == 12


def _form_fields(page) -> dict:
    """The named inputs of the entry page with their values (a tiny HTML form reader)."""
    from html.parser import HTMLParser

    fields = {}

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("input", "textarea", "select") and attrs.get("name"):
                if attrs.get("type") in ("checkbox", "submit") and "checked" not in attrs:
                    return
                fields.setdefault(attrs["name"], attrs.get("value", ""))

    Reader().feed(page.content.decode())
    return fields


def _field_named(form: dict, suffix: str) -> str:
    return next(name for name in form if name.endswith(suffix))


def test_value_change_records_before_and_after_and_reason(data_entry, small_programme):
    save_value(data_entry, small_programme, "12")
    save_value(data_entry, small_programme, "15")
    sync_history()
    created, changed = value_events()
    assert created.action == Action.VALUE_CREATED and created.before == {}
    assert changed.action == Action.VALUE_CHANGED
    assert Decimal(changed.before["number"]) == 12
    assert Decimal(changed.after["number"]) == 15
    assert changed.before["version"] == 1 and changed.after["version"] == 2
    assert changed.user == data_entry


def test_single_save_and_delete_of_a_value_are_recorded_at_once(coordinator, small_programme):
    value = IndicatorValue(indicator=small_programme.indicator, year=2021, number=Decimal(7))
    value._history_user = coordinator
    value.save()
    value.number = Decimal(8)
    value._change_reason = "korekta"
    value.save()
    value.delete()
    created, changed, deleted = value_events()
    assert (created.action, changed.action, deleted.action) == (
        Action.VALUE_CREATED, Action.VALUE_CHANGED, Action.VALUE_DELETED)
    assert changed.comment == "korekta"
    assert Decimal(deleted.before["number"]) == 8 and deleted.after == {}
    sync_history()  # nothing is recorded twice
    assert len(value_events()) == 3


def test_reporting_year_state_changes_are_recorded(coordinator, small_programme):
    reporting_year = small_programme.reporting_year
    reporting_year.state = ReportingYear.State.IN_REVIEW
    reporting_year._history_user = coordinator
    reporting_year.save()
    reporting_year.conclusion = "Wnioski"
    reporting_year.save()
    state_events = events(object_type="programs.reportingyear")
    actions = [event.action for event in state_events]
    assert actions == [Action.YEAR_STATE_CHANGED, Action.YEAR_STATE_CHANGED, Action.YEAR_CHANGED]
    assert state_events[1].before == {"state": "open"}
    assert state_events[1].after == {"state": "in_review"}
    assert state_events[1].user == coordinator
    assert "Audyt" in state_events[1].object_label


def test_structure_changes_record_changed_fields_only(small_programme):
    AuditEvent.objects.all().delete()
    task = small_programme.task
    task.title = "Zadanie A.1 — nowy tytuł"
    task.save()
    task.save()  # no change, no event
    indicator = small_programme.indicator
    indicator.direction = "decrease"
    indicator.save()
    Objective.objects.get(pk=task.pk).delete()
    changed_task, changed_indicator, *deleted = events()
    assert changed_task.action == Action.STRUCTURE_CHANGED
    assert changed_task.before == {"title": "Zadanie A.1"}
    assert changed_task.after == {"title": "Zadanie A.1 — nowy tytuł"}
    assert changed_indicator.after == {"direction": "decrease"}
    deleted_types = {(event.action, event.object_type) for event in deleted}
    assert (Action.STRUCTURE_DELETED, "programs.objective") in deleted_types
    assert (Action.STRUCTURE_DELETED, "indicators.indicator") in deleted_types


def test_new_programme_is_recorded_as_structure_added(small_programme):
    (event,) = events(object_type="programs.programme")
    assert event.action == Action.STRUCTURE_CREATED
    assert event.after["slug"] == "program-audytu"


def test_structure_change_during_a_request_names_its_user(rf, coordinator, small_programme):
    """Who comes from the request being served (simple_history's middleware keeps it)."""
    request = rf.post("/", REMOTE_ADDR="10.0.0.5")
    request.user = coordinator
    HistoricalRecords.context.request = request
    try:
        programme = small_programme.programme
        programme.title = "Program audytu (zmieniony)"
        programme.save()
    finally:
        del HistoricalRecords.context.request
    (event,) = events(object_type="programs.programme", action=Action.STRUCTURE_CHANGED)
    assert event.user == coordinator and event.remote_ip == "10.0.0.5"
    assert event.after == {"title": "Program audytu (zmieniony)"}


def test_consultation_outcome_change_is_recorded(coordinator, record, ngo):
    proposal = record(ngo).proposals.get()
    AuditEvent.objects.all().delete()
    proposal.outcome = "rejected"
    proposal.reasoning = "Zapis jest zgodny z ustawą."
    proposal.save()
    (event,) = events()
    assert event.action == Action.CONSULTATION_OUTCOME_CHANGED
    assert event.object_type == "consultations.proposal"
    assert event.before == {"outcome": "", "reasoning": ""}
    assert event.after == {"outcome": "rejected", "reasoning": "Zapis jest zgodny z ustawą."}
    proposal.save()  # saved again without an outcome change: nothing new
    assert len(events()) == 1
