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
