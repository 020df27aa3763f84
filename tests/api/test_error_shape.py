"""Every API error in its one JSON shape, in Polish: a body over the limit, too many items,
numbers JSON does not have, the throttle; and the API's text limits are the services'."""

import json

import pytest
from django.conf import settings

from indicators.inputs import CHANGE_REASON_MAX_LENGTH
from tests.api.conftest import own_indicators

VALUES = "/api/v1/values/"
BATCH = "/api/v1/values/batch/"


@pytest.fixture
def writer(client_for, data_entry):
    return client_for(data_entry)


def error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"status", "code", "detail", "errors"} and body["status"] == status
    return body


def english(text: str) -> bool:
    return any(word in text for word in ("Ensure", "Expected", "parse error", "Out of range",
                                         "throttled", "Request"))


def test_a_body_over_the_limit_is_413_in_json(programme, writer):
    body = json.dumps({"values": [{"remarks": "x" * 1000}] * 6 * 1024})
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    answer = error(writer.post(BATCH, body, content_type="application/json"), 413)
    assert answer["code"] == "too_large" and "MB" in answer["detail"]
    assert not english(answer["detail"])


def test_too_many_items_in_polish(programme, writer):
    indicator = own_indicators(programme)[0]
    items = [{"indicator": indicator.pk, "year": 2021, "value": "1"}] * 1001
    answer = error(writer.post(BATCH, {"values": items}, format="json"), 400)
    messages = answer["errors"]["values.non_field_errors"]
    assert messages == ["Upewnij się, że to pole ma nie więcej niż 1000 elementów."]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_numbers_json_does_not_have_in_polish(programme, writer, number):
    indicator = own_indicators(programme)[0]
    body = f'{{"indicator": {indicator.pk}, "year": 2021, "value": {number}}}'
    answer = error(writer.post(VALUES, body, content_type="application/json"), 400)
    assert answer["code"] == "parse_error"
    assert "JSON" in answer["detail"] and not english(answer["detail"])


def test_an_out_of_range_float_is_refused_in_polish(programme, writer):
    indicator = own_indicators(programme)[0]
    body = f'{{"indicator": {indicator.pk}, "year": 2021, "value": 1e999}}'
    answer = error(writer.post(VALUES, body, content_type="application/json"), 400)
    text = json.dumps(answer, ensure_ascii=False)
    assert not english(text)


def test_throttled_in_polish_with_retry_after(programme, client_for, settings):
    settings.API_ANONYMOUS_RATE = "1/minute"
    anonymous = client_for(None)
    assert anonymous.get("/api/v1/programmes/").status_code == 200
    response = anonymous.get("/api/v1/programmes/")
    answer = error(response, 429)
    assert answer["code"] == "throttled"
    assert "Spróbuj ponownie za" in answer["detail"] and not english(answer["detail"])
    assert int(response["Retry-After"]) > 0


def test_the_api_refuses_a_change_reason_the_service_would_refuse(programme, writer):
    indicator = own_indicators(programme)[0]
    answer = error(writer.post(VALUES, {
        "indicator": indicator.pk, "year": 2021, "value": "5",
        "change_reason": "x" * (CHANGE_REASON_MAX_LENGTH + 1)}, format="json"), 400)
    assert "change_reason" in answer["errors"]


def test_the_documented_limits_are_the_services(client):
    from indicators.inputs import TEXT_MAX_LENGTH

    schema = client.get("/api/schema/", {"format": "json"}).json()
    fields = schema["components"]["schemas"]["ValueWriteRequest"]["properties"]
    assert fields["change_reason"]["maxLength"] == CHANGE_REASON_MAX_LENGTH
    assert fields["remarks"]["maxLength"] == TEXT_MAX_LENGTH
