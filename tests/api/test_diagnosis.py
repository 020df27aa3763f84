"""The API's diagnosis tables: rows with values by year, public and private programmes as
the pages show them, entered values by the web pages' rule, constant queries."""

from decimal import Decimal

import pytest

from programs.models import DiagnosisRow, DiagnosisTable, Programme
from tests.diagnosis_builders import OPEN_YEAR, PUBLISHED_YEAR, build_diagnosis, enter

URL = "/api/v1/diagnosis-tables/"


@pytest.fixture
def setup(db, organisation, other_organisation):
    setup = build_diagnosis(organisation, other_organisation)
    enter(setup.ours, PUBLISHED_YEAR, Decimal(8000))
    enter(setup.ours, OPEN_YEAR, Decimal(8100))
    return setup


def ours_values(client, setup):
    tables = client.get(URL, {"programme": setup.programme.slug}).json()["results"]
    row = next(row for row in tables[0]["rows"] if row["id"] == setup.ours.pk)
    return {value["year"]: value for value in row["values"]}


def test_tables_with_rows_and_values(client_for, setup):
    response = client_for(None).get(URL, {"programme": setup.programme.slug})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["next"] is None
    table = body["results"][0]
    assert table["programme"] == setup.programme.slug
    assert table["number"] == "Tabela Nr 1"
    assert table["source"] == "Dane ośrodka" and table["footnotes"] == "* dane szacunkowe"
    assert [row["label"] for row in table["rows"]] == [
        setup.ours.label, setup.theirs.label, setup.statistics.label]
    ours = table["rows"][0]
    assert ours["unit"] == "persons" and ours["monitored_yearly"] is True
    assert ours["reporting_organisation"] == setup.ours.reporting_organisation_id
    assert ours["values"][0] == {"year": 2019, "number": "7689", "text": "",
                                 "footnote_mark": "*", "entered": False}
    assert ours["values"][2] == {"year": PUBLISHED_YEAR, "number": "8000", "text": "",
                                 "footnote_mark": "", "entered": True}


def test_retrieve_one_table(client_for, setup):
    response = client_for(None).get(f"{URL}{setup.second_table.pk}/")
    assert response.status_code == 200
    assert response.json()["rows"][0]["values"] == [
        {"year": 2020, "number": "1380000.5", "text": "", "footnote_mark": "", "entered": False}]


@pytest.mark.parametrize("who, sees_open_year", [
    (None, False), ("council_member", False), ("other_data_entry", False),
    ("data_entry", True), ("department_head", True), ("coordinator", True),
])
def test_entered_values_follow_the_pages_rule(client_for, request, setup, who, sees_open_year):
    client = client_for(request.getfixturevalue(who) if who else None)
    values = ours_values(client, setup)
    assert PUBLISHED_YEAR in values
    assert (OPEN_YEAR in values) is sees_open_year


def test_draft_programme_is_hidden_from_the_public(client_for, setup, data_entry):
    Programme.objects.filter(pk=setup.programme.pk).update(status=Programme.Status.DRAFT)
    public = client_for(None)
    assert public.get(URL, {"programme": setup.programme.slug}).json()["count"] == 0
    assert public.get(f"{URL}{setup.table.pk}/").status_code == 404
    assert public.get(f"{URL}{setup.table.pk}/").json()["code"] == "not_found"
    assert client_for(data_entry).get(URL, {"programme": setup.programme.slug}
                                      ).json()["count"] == 2


def test_is_read_only(client_for, setup, coordinator):
    response = client_for(coordinator).post(URL, {"title": "x"}, format="json")
    assert response.status_code == 405


@pytest.mark.parametrize("tables", [1, 15])
def test_list_runs_a_constant_number_of_queries(client_for, setup, tables,
                                                django_assert_max_num_queries):
    for position in range(2, 2 + tables):
        table = DiagnosisTable.objects.create(programme=setup.programme, position=position,
                                              title=f"Tabela {position}")
        for index in range(3):
            row = DiagnosisRow.objects.create(table=table, position=index, label=f"W {index}",
                                              values={"2019": {"number": "1"}})
            enter(row, PUBLISHED_YEAR, Decimal(2))
    client = client_for(None)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"page_size": 1000})
    assert response.status_code == 200


# --- open data ----------------------------------------------------------------------------


def test_open_data_json_has_the_public_rows_and_years(client, setup):
    response = client.get(f"/programmes/{setup.programme.slug}/diagnosis.json")
    assert response.status_code == 200
    rows = response.json()["values"]
    ours = {row["year"]: row for row in rows if row["row_id"] == setup.ours.pk}
    assert set(ours) == {2019, 2020, PUBLISHED_YEAR}  # the open year is not public yet
    assert ours[2019]["value"] == "7689" and ours[2019]["footnote_mark"] == "*"
    assert ours[PUBLISHED_YEAR]["entered"] is True
    assert ours[PUBLISHED_YEAR]["reporting_organisation"] == "Organizacja testowa"
    assert ours[2019]["table_number"] == "Tabela Nr 1" and ours[2019]["unit"] == "osoby"
    assert ours[2019]["source"] == "Dane ośrodka"


def test_open_data_csv_and_xlsx(client, setup):
    import io

    from openpyxl import load_workbook

    csv = client.get(f"/programmes/{setup.programme.slug}/diagnosis.csv")
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("program;numer tabeli;tabela;identyfikator wiersza;wiersz")
    assert "1380000,5" in text
    xlsx = client.get(f"/programmes/{setup.programme.slug}/diagnosis.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.title == "Diagnoza"
    assert any(row[4] == setup.ours.label for row in sheet.iter_rows(values_only=True))


def test_open_data_404_for_draft_or_no_diagnosis(client, setup):
    Programme.objects.filter(pk=setup.programme.pk).update(status=Programme.Status.DRAFT)
    assert client.get(f"/programmes/{setup.programme.slug}/diagnosis.json").status_code == 404
    Programme.objects.filter(pk=setup.programme.pk).update(status=Programme.Status.ADOPTED)
    DiagnosisTable.objects.filter(programme=setup.programme).delete()
    assert client.get(f"/programmes/{setup.programme.slug}/diagnosis.json").status_code == 404


def test_catalogue_lists_a_diagnosis_dataset(client, setup):
    from api.catalog import datasets

    keys = {entry.key for entry in datasets()}
    assert f"diagnosis-{setup.programme.slug}" in keys
    page = client.get("/open-data/").content.decode()
    assert f'id="diagnosis-{setup.programme.slug}"' in page
