"""Open-data downloads: published values only, CSV for Excel with Polish settings, JSON."""

import csv
import io
import json

from indicators.models import IndicatorValue
from tests.api.conftest import own_indicators


def test_csv_is_excel_friendly_and_holds_published_values_only(programme, client):
    first = own_indicators(programme)[0]
    IndicatorValue.objects.filter(indicator=first, year=2020).update(
        number="1380000.5", remarks="=HYPERLINK(\"http://x\")", footnote_mark="*")
    response = client.get("/programmes/api-test/open-data.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="api-test-dane.csv"' in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert header[:4] == ["program", "tytuł programu", "kod", "zadanie"]
    assert len(data) == 16  # 8 indicators × (2019 diagnosis + 2020 published); 2021 left out
    assert {row[8] for row in data} == {"2019", "2020"}
    row = next(r for r in data if r[4] == str(first.pk) and r[8] == "2020")
    assert row[9] == "1380000,5"  # decimal comma, no grouping: Excel reads a number
    assert row[14] == "'=HYPERLINK(\"http://x\")"  # formula neutralised
    assert row[11] == "nie"


def test_json_has_the_same_rows(programme, client):
    response = client.get("/programmes/api-test/open-data.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["programme"] == "api-test"
    assert len(data["values"]) == 16
    value = data["values"][0]
    assert value["objective_code"] == "A.1.1" and value["year"] == 2019
    assert value["value"] == "90"
    assert set(value) == set(data["columns"])


def test_open_data_is_the_public_view_even_for_staff(programme, client, coordinator):
    client.force_login(coordinator)
    data = json.loads(client.get("/programmes/api-test/open-data.json").content)
    assert {row["year"] for row in data["values"]} == {2019, 2020}


def test_draft_programme_has_no_open_data(draft_programme, client):
    assert client.get("/programmes/api-draft/open-data.csv").status_code == 404


def test_programme_page_links_open_data(programme, client):
    page = client.get("/programmes/api-test/").content.decode()
    assert "/programmes/api-test/open-data.csv" in page
    assert "/programmes/api-test/open-data.json" in page
