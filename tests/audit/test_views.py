"""The coordinator's audit log page and its CSV download."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import AuditTrail

Action = AuditEvent.Action
LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")


def event(action=Action.STRUCTURE_CHANGED, days_ago=0, *, object_type="programs.objective",
          object_label="A.1 Zadanie", user=None, username="", remote_ip=None, before=None,
          after=None, comment=""):
    """An event as the services record it (with its readable form), about an object of
    ``object_type`` named ``object_label``, made ``days_ago``."""
    trail = AuditTrail(user=user)
    recorded = trail.add(action, model=apps.get_model(object_type) if object_type else None,
                         before=before, after=after, comment=comment, username=username)
    recorded.object_label = object_label
    recorded.created_at = timezone.now() - timedelta(days=days_ago)
    recorded.remote_ip = remote_ip
    return trail.save()[0]


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["data_entry", "department_head", "council_member"])
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_other_roles_are_refused(client, request, role, url):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "admin_user"])
def test_coordinator_and_administrator_see_the_log(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(LIST).status_code == 200


def test_list_shows_newest_first_with_before_and_after(client, coordinator):
    event(object_label="Starsze zdarzenie", days_ago=2)
    event(
        object_type="indicators.indicator",
        object_label="Liczba rodzin",
        before={"direction": "increase"},
        after={"direction": "decrease"},
        user=coordinator,
        username="t-coordinator",
        remote_ip="10.0.0.1",
    )
    client.force_login(coordinator)
    page = client.get(LIST).content.decode()
    assert page.index("Liczba rodzin") < page.index("Starsze zdarzenie")
    # choice labels, translated: "wzrost" → "spadek"
    assert "wzrost" in page and "spadek" in page
    assert "10.0.0.1" in page


def test_hostile_text_in_events_is_shown_escaped(client, coordinator):
    event(object_label="<script>alert(1)</script>", username="<b>x</b>",
          after={"title": "<img src=x onerror=alert(1)>"})
    client.force_login(coordinator)
    page = client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_filters_by_action_type_user_dates_and_text(client, coordinator, data_entry):
    event(action=Action.LOGIN_FAILED, object_type="", object_label="", username="intruz",
          days_ago=10)
    event(action=Action.VALUE_CHANGED, object_type="indicators.indicatorvalue",
          object_label="Liczba osób — 2021", user=data_entry, username=data_entry.username)
    event(object_label="Cel strategiczny B", user=coordinator, username=coordinator.username)
    client.force_login(coordinator)

    def labels(**query):
        response = client.get(LIST, query)
        return {(e.action, e.object_label) for e in response.context["page"].object_list}

    assert labels(action=Action.LOGIN_FAILED) == {(Action.LOGIN_FAILED, "")}
    assert labels(object_type="indicators.indicatorvalue") == {
        (Action.VALUE_CHANGED, "Liczba osób — 2021")}
    assert labels(user=data_entry.pk) == {(Action.VALUE_CHANGED, "Liczba osób — 2021")}
    assert labels(text="strategiczny") == {(Action.STRUCTURE_CHANGED, "Cel strategiczny B")}
    assert labels(text="intruz") == {(Action.LOGIN_FAILED, "")}
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert (Action.LOGIN_FAILED, "") not in labels(date_from=since)
    until = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert labels(date_to=until) == {(Action.LOGIN_FAILED, "")}


def test_invalid_filter_is_reported_and_ignored(client, coordinator):
    event()
    client.force_login(coordinator)
    response = client.get(LIST, {"date_from": "nie-data", "action": "no-such-action"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert "A.1 Zadanie" in {e.object_label for e in response.context["page"].object_list}


def test_list_is_paginated_with_filters_kept_and_queries_bounded(
    client, coordinator, django_assert_max_num_queries
):
    AuditEvent.objects.bulk_create(
        AuditEvent(created_at=timezone.now(), action=Action.LOGIN_SUCCEEDED,
                   username=f"u{n}", before={"a": n}, after={"a": n + 1})
        for n in range(120)
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"action": Action.LOGIN_SUCCEEDED, "page": 2})
    page = response.context["page"]
    assert page.number == 2 and len(page.object_list) == 50
    assert page.paginator.num_pages == 3
    content = response.content.decode()
    assert "action=login_succeeded&amp;page=3" in content
    assert "action=login_succeeded&amp;page=1" in content


def test_empty_log_says_what_to_do(client, coordinator):
    client.force_login(coordinator)
    response = client.get(LIST, {"text": "nic-takiego"})
    assert "wyczyść filtry" in response.content.decode().lower()


def test_csv_export_follows_filters_and_neutralises_formulas(client, coordinator):
    event(object_label="=HYPERLINK(\"http://evil\")", comment="-1+1", user=coordinator,
          username="t-coordinator", before={"title": "Stary"}, after={"title": "Nowy"})
    event(action=Action.LOGIN_FAILED, object_type="", object_label="", username="inny")
    client.force_login(coordinator)
    response = client.get(EXPORT, {"action": Action.STRUCTURE_CHANGED})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dziennik-zdarzen-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    header, row = lines
    assert header.startswith("Kiedy;Kto;Czynność;")
    assert "'=HYPERLINK" in row and ";'-1+1" in row
    assert "Stary → Nowy" in row
    assert "inny" not in row


def test_changes_made_outside_requests_are_in_the_log_at_once(client, coordinator):
    """A command or a background task writes through the same services, which record their
    events in the same transaction: the log needs no catching up when it is opened."""
    from indicators.inputs import ValueInput
    from indicators.services.values import values_save
    from programs.models import ReportingYear

    reporting_year = ReportingYear.objects.select_related("programme").get(
        programme__slug="strategia-2021-2030", year=2022)
    indicator = reporting_year.programme.objectives.filter(
        indicators__value_kind="integer").first().indicators.filter(value_kind="integer").first()
    assert values_save(user=coordinator, reporting_year=reporting_year,
                       inputs=[ValueInput(indicator.pk, "12", confirmed=True)]).ok
    assert values_save(user=coordinator, reporting_year=reporting_year, inputs=[
        ValueInput(indicator.pk, "12", remarks="Poprawione poleceniem", version=1)]).ok
    value = indicator.values.get(year=2022)
    client.force_login(coordinator)
    response = client.get(LIST, {"action": Action.VALUE_CHANGED, "user": coordinator.pk})
    (recorded,) = response.context["page"].object_list
    assert recorded.object_id == str(value.pk)
    assert recorded.after["remarks"] == "Poprawione poleceniem"
