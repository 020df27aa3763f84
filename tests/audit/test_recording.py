"""What reaches the audit log, from which path, with who, when and before → after.

Every change is recorded by what makes it — the services (values, reporting years, programme
loading, consultation outcomes) and the admin — in the same transaction; logins by their
signals. Nothing copies history afterwards, so an event is there as soon as the change is.
"""

from decimal import Decimal

from django.contrib import admin
from django.urls import reverse

from audit.models import AuditEvent
from consultations import services as consultation_services
from indicators.inputs import ValueInput
from indicators.models import Indicator, IndicatorValue
from indicators.services.review import values_submit
from indicators.services.values import values_save
from programs.models import Objective, Programme, ReportingYear

Action = AuditEvent.Action


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("pk"))


def value_events():
    """Events of our own programme's values."""
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
    service records the events itself, with the request's address."""
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
    """The named inputs of a page's form with their values (a tiny HTML form reader: inputs,
    checked boxes, selected options and textareas)."""
    from html.parser import HTMLParser

    fields = {}

    class Reader(HTMLParser):
        select = textarea = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "option" and self.select and "selected" in attrs:
                fields[self.select] = attrs.get("value", "")
            elif tag == "select" and attrs.get("name"):
                self.select = attrs["name"]
                if "multiple" not in attrs:  # a multiple choice with none chosen sends nothing
                    fields.setdefault(self.select, "")
            elif tag == "textarea" and attrs.get("name"):
                self.textarea = attrs["name"]
                fields.setdefault(self.textarea, "")
            elif tag == "input" and attrs.get("name"):
                if attrs.get("type") in ("checkbox", "radio", "submit") and (
                        "checked" not in attrs):
                    return
                fields.setdefault(attrs["name"], attrs.get("value", ""))

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                fields[self.textarea] += data

    Reader(convert_charrefs=True).feed(page.content.decode())
    for name, value in fields.items():
        if value.startswith("\n"):  # the newline after <textarea> is not part of the text
            fields[name] = value[1:]
    return fields


def _field_named(form: dict, suffix: str) -> str:
    return next(name for name in form if name.endswith(suffix))


def test_value_change_records_before_and_after_and_reason(data_entry, small_programme):
    save_value(data_entry, small_programme, "12")
    save_value(data_entry, small_programme, "15")
    created, changed = value_events()
    assert created.action == Action.VALUE_CREATED and created.before == {}
    assert changed.action == Action.VALUE_CHANGED
    assert Decimal(changed.before["number"]) == 12
    assert Decimal(changed.after["number"]) == 15
    assert changed.before["version"] == 1 and changed.after["version"] == 2
    assert changed.user == data_entry


def test_changing_and_clearing_a_value_are_recorded_at_once(coordinator, small_programme):
    save_value(coordinator, small_programme, "7")
    save_value(coordinator, small_programme, "8", reason="korekta")
    save_value(coordinator, small_programme, "", reason="pomyłka")
    created, changed, deleted = value_events()
    assert (created.action, changed.action, deleted.action) == (
        Action.VALUE_CREATED, Action.VALUE_CHANGED, Action.VALUE_DELETED)
    assert changed.comment == "korekta"
    assert Decimal(deleted.before["number"]) == 8 and deleted.after == {}
    assert deleted.comment == "pomyłka"
    save_value(coordinator, small_programme, "")  # nothing stored, nothing to record
    assert len(value_events()) == 3


def test_reporting_year_state_changes_are_recorded(
    rf, coordinator, data_entry, organisation, small_programme
):
    reporting_year = small_programme.reporting_year
    save_value(data_entry, small_programme, "12")
    # Every assigned value submitted: the service moves the year to "in review".
    assert values_submit(user=data_entry, reporting_year=reporting_year,
                         organisation=organisation).ok
    # A change that is not of the state, made in the admin.
    request = rf.post("/admin/", REMOTE_ADDR="10.0.0.6")
    request.user = coordinator
    reporting_year = ReportingYear.objects.get(pk=reporting_year.pk)
    reporting_year.conclusion = "Wnioski"
    admin.site._registry[ReportingYear].save_model(request, reporting_year, None, change=True)
    state_events = events(object_type="programs.reportingyear")
    actions = [event.action for event in state_events]
    assert actions == [Action.YEAR_STATE_CHANGED, Action.YEAR_STATE_CHANGED, Action.YEAR_CHANGED]
    assert state_events[1].before == {"state": "open"}
    assert state_events[1].after == {"state": "in_review"}
    assert state_events[1].user == data_entry
    assert state_events[2].user == coordinator and state_events[2].remote_ip == "10.0.0.6"
    assert "Audyt" in state_events[1].object_label


def test_structure_changes_in_the_admin_record_changed_fields_only(rf, coordinator,
                                                                  small_programme):
    AuditEvent.objects.all().delete()
    request = rf.post("/admin/")
    request.user = coordinator
    task = Objective.objects.get(pk=small_programme.task.pk)
    task.title = "Zadanie A.1 — nowy tytuł"
    objectives = admin.site._registry[Objective]
    objectives.save_model(request, task, None, change=True)
    objectives.save_model(request, task, None, change=True)  # no change, no event
    indicator = Indicator.objects.get(pk=small_programme.indicator.pk)
    indicator.direction = "decrease"
    admin.site._registry[Indicator].save_model(request, indicator, None, change=True)
    objectives.delete_model(request, Objective.objects.get(pk=task.pk))
    changed_task, changed_indicator, *deleted = events()
    assert changed_task.action == Action.STRUCTURE_CHANGED
    assert changed_task.before == {"title": "Zadanie A.1"}
    assert changed_task.after == {"title": "Zadanie A.1 — nowy tytuł"}
    assert changed_indicator.after == {"direction": "decrease"}
    deleted_types = {(event.action, event.object_type) for event in deleted}
    assert (Action.STRUCTURE_DELETED, "programs.objective") in deleted_types


def test_admin_edit_of_a_goal_tree_node_with_its_indicators_is_recorded(
    client, admin_user, small_programme
):
    """Through the admin's own change form: the node and its indicator inline."""
    AuditEvent.objects.all().delete()
    client.force_login(admin_user)
    task = small_programme.task
    url = reverse("admin:programs_objective_change", args=[task.pk])
    form = _form_fields(client.get(url))
    form["title"] = "Zadanie A.1 (po zmianie)"
    name_field = next(name for name in form if name.startswith("indicators-0-name"))
    form[name_field] = "Wskaźnik testowy audytu (nowa nazwa)"
    response = client.post(url, form)
    assert response.status_code == 302
    by_type = {event.object_type: event for event in events()}
    assert by_type["programs.objective"].after == {"title": "Zadanie A.1 (po zmianie)"}
    assert by_type["indicators.indicator"].after == {
        "name": "Wskaźnik testowy audytu (nowa nazwa)"}
    assert {event.user for event in events()} == {admin_user}


def test_new_programme_is_recorded_as_structure_added(small_programme):
    (event,) = events(object_type="programs.programme")
    assert event.action == Action.STRUCTURE_CREATED
    assert event.after["slug"] == "program-audytu"


def test_structure_change_during_a_request_names_its_user(rf, coordinator, small_programme):
    """Who and from where come from the request the admin serves."""
    request = rf.post("/", REMOTE_ADDR="10.0.0.5")
    request.user = coordinator
    programme = Programme.objects.get(pk=small_programme.programme.pk)
    programme.title = "Program audytu (zmieniony)"
    admin.site._registry[Programme].save_model(request, programme, None, change=True)
    (event,) = events(object_type="programs.programme", action=Action.STRUCTURE_CHANGED)
    assert event.user == coordinator and event.remote_ip == "10.0.0.5"
    assert event.after == {"title": "Program audytu (zmieniony)"}


def test_consultation_outcome_change_is_recorded(coordinator, record, ngo):
    proposal = record(ngo).proposals.get()
    AuditEvent.objects.all().delete()
    proposal.outcome = "rejected"
    proposal.reasoning = "Zapis jest zgodny z ustawą."
    consultation_services.proposal_save(proposal=proposal, user=coordinator)
    (event,) = events()
    assert event.action == Action.CONSULTATION_OUTCOME_CHANGED
    assert event.object_type == "consultations.proposal"
    assert event.before == {"outcome": "", "reasoning": ""}
    assert event.after == {"outcome": "rejected", "reasoning": "Zapis jest zgodny z ustawą."}
    consultation_services.proposal_save(proposal=proposal)  # no outcome change: nothing new
    assert len(events()) == 1
    assert event.user == coordinator


def test_outcomes_saved_together_are_recorded(coordinator, record, ngo):
    """The outcomes table saves in bulk (no model signals): each changed outcome is recorded."""
    first, second = record(ngo).proposals.get(), record(ngo, draft=1).proposals.get()
    AuditEvent.objects.all().delete()
    consultation_services.proposal_outcomes_save(user=coordinator, decisions=[
        (first, {"outcome": "accepted", "reasoning": "", "final_wording": "Nowy zapis"}),
        (second, {"outcome": "", "reasoning": "", "final_wording": ""}),
    ])
    (event,) = events()
    assert event.action == Action.CONSULTATION_OUTCOME_CHANGED
    assert event.object_id == str(first.pk) and event.after["outcome"] == "accepted"
