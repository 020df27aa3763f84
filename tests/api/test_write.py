"""Writing values through the API: the data-entry service's rules, answered in JSON."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from indicators.models import IndicatorValue
from tests.api.conftest import other_indicator, own_indicators

VALUES = "/api/v1/values/"
BATCH = "/api/v1/values/batch/"


def stored(indicator, year=2021):
    return IndicatorValue.objects.filter(indicator=indicator, year=year).first()


@pytest.fixture
def writer(client_for, data_entry):
    return client_for(data_entry)


def test_creates_then_updates_with_version_and_keeps_history(programme, writer, data_entry):
    indicator = own_indicators(programme)[1]  # no value in 2021 yet
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021,
                                    "value": "102", "remarks": "Dane z systemu"},
                           format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "102.0000" and body["version"] == 1 and body["state"] == "draft"
    value = stored(indicator)
    assert value.entered_by == data_entry and value.remarks == "Dane z systemu"
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "value": 104,
                                    "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert [h.number for h in stored(indicator).history.order_by("history_date")] == [102, 104]


def test_typo_guard_needs_confirmation(programme, writer):
    indicator = own_indicators(programme)[1]  # 95 in 2020
    sent = {"indicator": indicator.pk, "year": 2021, "value": "1 380 000,00"}
    response = writer.post(VALUES, sent, format="json")
    assert response.status_code == 400 and "value" in response.json()["errors"]
    assert stored(indicator) is None
    response = writer.post(VALUES, {**sent, "confirmed": True}, format="json")
    assert response.status_code == 201
    assert stored(indicator).number == 1380000


def test_accepts_polish_notation_and_json_numbers(programme, writer):
    first, second = own_indicators(programme)
    response = writer.post(BATCH, {"values": [
        {"indicator": first.pk, "year": 2021, "value": "96", "version": 1},
        {"indicator": second.pk, "year": 2021, "value": 95.0},
    ]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["updated"] == 1 and response.json()["created"] == 1
    assert stored(second).number == 95


def test_rejects_a_bad_number_with_a_polish_field_message(programme, writer):
    indicator = own_indicators(programme)[1]
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "value": "abc"},
                           format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["status"] == 400
    assert "Wpisz liczbę" in body["errors"]["value"][0]
    assert stored(indicator) is None


def test_error_messages_follow_accept_language(programme, writer):
    indicator = own_indicators(programme)[1]
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "value": "abc"},
                           format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"]["value"] == ["Enter a number, e.g. 1 380 000,00 or 22,36."]


def test_no_data_needs_a_reason(programme, writer):
    indicator = own_indicators(programme)[1]
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "no_data": True},
                           format="json")
    assert response.status_code == 400
    assert "no_data_reason" in response.json()["errors"]
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "no_data": True,
                                    "no_data_reason": "System nie zbiera tych danych"},
                           format="json")
    assert response.status_code == 201
    assert stored(indicator).no_data is True


def test_stale_version_is_409_with_the_current_value(programme, writer):
    indicator = own_indicators(programme)[0]  # has a draft 2021 value, version 1
    IndicatorValue.objects.filter(indicator=indicator, year=2021).update(number=9, version=2)
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "value": "10",
                                    "version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["current"]["number"] == "9.0000" and body["current"]["version"] == 2
    assert "value" in body["errors"]
    assert stored(indicator).number == 9


def test_locked_year_is_403_entry_closed(programme, writer):
    indicator = own_indicators(programme)[1]
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2022, "value": "5"},
                           format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "entry_closed"
    assert "2022" in response.json()["detail"]
    assert stored(indicator, 2022) is None


def test_year_not_open_is_400(programme, writer):
    indicator = own_indicators(programme)[1]
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2023, "value": "5"},
                           format="json")
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_other_organisations_indicator_is_403_and_nothing_saved(programme, client_for,
                                                                other_data_entry):
    indicator = own_indicators(programme)[1]
    response = client_for(other_data_entry).post(
        VALUES, {"indicator": indicator.pk, "year": 2021, "value": "5"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert stored(indicator) is None


def test_batch_with_one_bad_item_saves_nothing(programme, writer):
    first, second = own_indicators(programme)
    response = writer.post(BATCH, {"values": [
        {"indicator": second.pk, "year": 2021, "value": "96"},
        {"indicator": first.pk, "year": 2021, "value": "1,2,3", "version": 1},
    ]}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["values.1.value"]
    assert stored(second) is None and stored(first).number == 7


def test_batch_including_another_organisation_saves_nothing(programme, writer):
    own, other = own_indicators(programme)[1], other_indicator(programme)
    response = writer.post(BATCH, {"values": [
        {"indicator": own.pk, "year": 2021, "value": "12"},
        {"indicator": other.pk, "year": 2021, "value": "13"},
    ]}, format="json")
    assert response.status_code == 403
    assert stored(own) is None and stored(other) is None


def test_batch_reports_structural_errors_per_item(programme, writer):
    own = own_indicators(programme)[1]
    response = writer.post(BATCH, {"values": [
        {"indicator": own.pk, "year": 2021, "value": "12"},
        {"indicator": own.pk, "year": 2021, "value": "13"},
        {"indicator": 99_999_999, "year": 2021, "value": "13"},
        {"year": 2021},
    ]}, format="json")
    assert response.status_code == 400
    assert "values.3.indicator" in response.json()["errors"]
    response = writer.post(BATCH, {"values": [
        {"indicator": own.pk, "year": 2021, "value": "12"},
        {"indicator": own.pk, "year": 2021, "value": "13"},
        {"indicator": 99_999_999, "year": 2021, "value": "13"},
    ]}, format="json")
    assert set(response.json()["errors"]) == {"values.1.indicator", "values.2.indicator"}
    assert stored(own) is None


def test_clearing_a_value_deletes_it(programme, writer):
    indicator = own_indicators(programme)[0]
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "value": "",
                                    "version": 1}, format="json")
    assert response.status_code == 204
    assert stored(indicator) is None


def test_anonymous_cannot_write(programme, client_for):
    response = client_for(None).post(VALUES, {"indicator": own_indicators(programme)[1].pk,
                                              "year": 2021, "value": "1"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("role", ["department_head", "council_member"])
def test_readers_cannot_write(role, programme, client_for, request):
    indicator = own_indicators(programme)[1]
    response = client_for(request.getfixturevalue(role)).post(
        VALUES, {"indicator": indicator.pk, "year": 2021, "value": "1"}, format="json")
    assert response.status_code == 403
    assert stored(indicator) is None


def test_coordinator_may_write_any_organisations_value(programme, client_for, coordinator):
    indicator = other_indicator(programme)
    response = client_for(coordinator).post(
        VALUES, {"indicator": indicator.pk, "year": 2021, "value": "96"}, format="json")
    assert response.status_code == 201
    assert stored(indicator).entered_by == coordinator


def test_session_writes_need_the_csrf_token(programme, data_entry):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(data_entry)
    response = client.post(VALUES, {"indicator": own_indicators(programme)[1].pk,
                                    "year": 2021, "value": "1"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_data_entry_user_without_organisation_cannot_write(programme, client_for,
                                                           django_user_model):
    user = django_user_model.objects.create_user(username="t-no-org", password="x")
    user.groups.add(Group.objects.get_or_create(name=roles.DATA_ENTRY)[0])
    response = client_for(user).post(VALUES, {"indicator": own_indicators(programme)[1].pk,
                                              "year": 2021, "value": "1"}, format="json")
    assert response.status_code in (403, 404)


def test_a_write_the_database_cannot_do_answers_503_in_polish(programme, writer):
    from tests.database_failures import database_fails

    indicator = own_indicators(programme)[1]
    with database_fails("indicators_historicalindicatorvalue"):
        response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021,
                                        "value": "102"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 503 and response["Retry-After"]
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert body["detail"].startswith("Baza danych nie mogła teraz wykonać żądania")
    assert stored(indicator) is None
