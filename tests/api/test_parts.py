"""Writing a value of an indicator with parts through the API: a ``parts`` list, or the parts
in ``value`` as "9 / 5"; errors per part in Polish."""

from indicators.models import IndicatorValue, Unit
from tests.api.conftest import own_indicators

VALUES = "/api/v1/values/"
PARTS = [{"label": "osób", "unit": Unit.PERSONS}, {"label": "rodzin", "unit": Unit.FAMILIES}]


def test_parts_are_written_as_a_list_or_as_one_text(programme, client_for, data_entry):
    writer = client_for(data_entry)
    indicator = own_indicators(programme)[1]
    indicator.parts = PARTS
    indicator.target_part = 2
    indicator.save()
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021,
                                    "parts": ["1 209", 7], "confirmed": True}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parts"] == [{"label": "osób", "unit": "persons", "number": "1209"},
                             {"label": "rodzin", "unit": "families", "number": "7"}]
    assert body["number"] == "7.0000"
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021, "value": "9 / 5",
                                    "confirmed": True, "version": 1}, format="json")
    assert response.status_code == 200, response.content
    value = IndicatorValue.objects.get(indicator=indicator, year=2021)
    assert value.part_numbers == ["9", "5"] and value.number == 5
    response = writer.post(VALUES, {"indicator": indicator.pk, "year": 2021,
                                    "parts": ["9", ""], "version": 2}, format="json",
                           HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 400
    assert "Wpisz także liczbę „rodzin”" in response.content.decode()
