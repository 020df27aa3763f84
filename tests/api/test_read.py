"""Reading through the API: who sees what, filters, ordering, pagination, query counts."""

import pytest

from indicators.models import IndicatorValue
from programs.models import Objective, ReportingYear, natural_sort_key
from tests.api.conftest import other_indicator
from tests.factories import build_programme

VALUES = "/api/v1/values/"


def years_seen(client, **params):
    response = client.get(VALUES, {"programme": "api-test", "page_size": 1000, **params})
    assert response.status_code == 200, response.content
    return sorted({row["year"] for row in response.json()["results"]})


@pytest.mark.parametrize("role", [None, "council_member"])
def test_public_and_council_see_published_and_diagnosis_years_only(
    role, programme, client_for, request
):
    user = request.getfixturevalue(role) if role else None
    assert years_seen(client_for(user)) == [2019, 2020]


@pytest.mark.parametrize(
    "role", ["data_entry", "department_head", "coordinator", "admin_user"]
)
def test_staff_and_data_entry_see_every_year_as_on_the_pages(
    role, programme, client_for, request
):
    assert years_seen(client_for(request.getfixturevalue(role))) == [2019, 2020, 2021]


def test_data_entry_does_not_see_another_organisations_draft(programme, client_for,
                                                             other_data_entry):
    # The only 2021 value is ``organisation``'s draft (indicators.access: the one rule).
    assert years_seen(client_for(other_data_entry)) == [2019, 2020]


def test_session_login_works_for_the_browsable_api(programme, api, department_head):
    api.force_login(department_head)
    assert 2021 in years_seen(api)


def test_public_does_not_see_draft_programmes(draft_programme, programme, client_for):
    slugs = {row["slug"] for row in client_for(None).get("/api/v1/programmes/").json()["results"]}
    assert "api-test" in slugs and "api-draft" not in slugs
    assert client_for(None).get("/api/v1/programmes/api-draft/").status_code == 404
    assert client_for(None).get(VALUES, {"programme": "api-draft"}).json()["count"] == 0
    assert client_for(None).get("/api/v1/objectives/", {"programme": "api-draft"}).json()[
        "count"] == 0


def test_coordinator_sees_draft_programmes(draft_programme, coordinator, client_for):
    response = client_for(coordinator).get("/api/v1/programmes/api-draft/")
    assert response.status_code == 200
    assert response.json()["open_data_csv"].endswith("/programmes/api-draft/open-data.csv")


def test_unpublished_value_is_404_for_the_public(programme, client_for, data_entry):
    draft = IndicatorValue.objects.get(indicator__objective__programme=programme, year=2021)
    assert client_for(None).get(f"{VALUES}{draft.pk}/").status_code == 404
    response = client_for(data_entry).get(f"{VALUES}{draft.pk}/")
    assert response.status_code == 200
    assert response.json()["number"] == "7.0000"


def test_value_carries_codes_names_and_judged_status(programme, client_for):
    rows = client_for(None).get(VALUES, {"programme": "api-test", "objective": "A.1.1",
                                         "year": 2020}).json()["results"]
    assert [(row["objective_code"], row["status"]) for row in rows] == [
        ("A.1.1", "met"), ("A.1.1", "not_met")]
    assert rows[0]["programme"] == "api-test"
    assert rows[0]["indicator_name"].startswith("Liczba osób A.1.1")
    assert rows[0]["unit"] == "persons"


def test_filters_by_year_range_organisation_indicator_and_state(
    programme, client_for, coordinator, other_organisation
):
    client = client_for(coordinator)
    assert years_seen(client, year_from=2020) == [2020, 2021]
    assert years_seen(client, year_to=2020) == [2019, 2020]
    assert years_seen(client, year=2021) == [2021]
    other = client.get(VALUES, {"organisation": other_organisation.pk}).json()
    assert other["count"] == 4
    assert {row["reporting_organisation"] for row in other["results"]} == {
        other_organisation.pk}
    indicator = other_indicator(programme)
    only = client.get(VALUES, {"indicator": indicator.pk}).json()["results"]
    assert {row["indicator"] for row in only} == {indicator.pk}
    drafts = client.get(VALUES, {"state": "draft"}).json()["results"]
    assert [row["year"] for row in drafts] == [2021]


def test_objective_code_prefix_gives_the_priority_but_not_a_sibling_code(
    programme, client_for
):
    # A.10 must not match the prefix A.1.
    Objective.objects.create(programme=programme, code="A.10", title="Inny priorytet",
                             level=2, sort_key=natural_sort_key("A.10"))
    rows = client_for(None).get(VALUES, {"programme": "api-test", "objective": "A.1",
                                         "page_size": 100}).json()
    assert rows["count"] == 8  # 2 tasks × 2 indicators × 2 public years
    assert {row["objective_code"] for row in rows["results"]} == {"A.1.1", "A.1.2"}
    codes = client_for(None).get("/api/v1/objectives/", {"programme": "api-test",
                                                          "code": "A.1"}).json()["results"]
    assert [row["code"] for row in codes] == ["A.1", "A.1.1", "A.1.2"]


def test_status_filter_uses_the_judging_module(programme, client_for):
    client = client_for(None)
    met = client.get(VALUES, {"programme": "api-test", "status": "met"}).json()
    assert met["count"] == 4  # the "increase" indicators in 2020 (95 after 90)
    assert {(row["year"], row["status"]) for row in met["results"]} == {(2020, "met")}
    cannot = client.get(VALUES, {"programme": "api-test", "status": "cannot_judge"}).json()
    assert {row["year"] for row in cannot["results"]} == {2019}
    assert client.get(VALUES, {"status": "bogus"}).status_code == 400


def test_ordering_and_pagination(programme, client_for):
    client = client_for(None)
    first = client.get(VALUES, {"programme": "api-test", "ordering": "-year",
                                "page_size": 3}).json()
    assert first["count"] == 16 and len(first["results"]) == 3
    assert first["results"][0]["year"] == 2020
    assert "page=2" in first["next"]
    ids = [row["id"] for row in first["results"]]
    second = client.get(first["next"]).json()
    assert not set(ids) & {row["id"] for row in second["results"]}
    by_code = client.get(VALUES, {"programme": "api-test", "ordering": "-code"}).json()
    assert by_code["results"][0]["objective_code"] == "B.1.2"


def test_indicators_filters(programme, client_for, other_organisation):
    client = client_for(None)
    rows = client.get("/api/v1/indicators/", {"programme": "api-test"}).json()
    assert rows["count"] == 8
    assert client.get("/api/v1/indicators/", {"organisation": other_organisation.pk}).json()[
        "count"] == 2
    assert client.get("/api/v1/indicators/", {"programme": "api-test",
                                              "objective": "B"}).json()["count"] == 4
    targets = client.get("/api/v1/indicators/", {"programme": "api-test", "has_target": "true"})
    assert targets.json()["count"] == 8


def test_reporting_years_and_reports_follow_publication(programme, client_for, department_head,
                                                        data_entry):
    public = client_for(None).get("/api/v1/reporting-years/", {"programme": "api-test"}).json()
    assert [row["year"] for row in public["results"]] == [2020]
    assert public["results"][0]["report"]["pdf"].endswith("/programmes/api-test/2020/report.pdf")
    staff = client_for(department_head).get("/api/v1/reporting-years/",
                                            {"programme": "api-test"}).json()["results"]
    assert [row["year"] for row in staff] == [2022, 2021, 2020]
    assert all(row["report"] for row in staff)  # heads may download drafts
    entry = client_for(data_entry).get("/api/v1/reporting-years/",
                                       {"programme": "api-test"}).json()["results"]
    assert {row["year"]: bool(row["report"]) for row in entry} == {
        2022: False, 2021: False, 2020: True}
    reports = client_for(department_head).get("/api/v1/reports/",
                                              {"programme": "api-test"}).json()["results"]
    assert [row["year"] for row in reports] == [2020]


def test_organisations_and_consultations_are_public(organisation, consultation, client_for):
    names = [row["name"] for row in
             client_for(None).get("/api/v1/organisations/", {"page_size": 1000}).json()["results"]]
    assert organisation.name in names
    consultations = client_for(None).get("/api/v1/consultations/",
                                         {"programme": "api-test"}).json()
    assert consultations["count"] == 1
    row = consultations["results"][0]
    assert "submissions" not in row
    assert row["drafts"] == [{"programme": "api-test", "programme_title": consultation.drafts.get(
        ).programme.title, "resolution_subject": "w sprawie przyjęcia programu"}]
    assert row["report"]["pdf"].endswith(f"/consultations/{consultation.pk}/report.pdf")


def test_demo_diagnosis_is_public_before_any_year_is_published(client_for, db):
    # The 2021–2024 programme's diagnosis tables (2017–2019) were published with it; they are
    # its diagnosis (shown on its page), not indicator values: the values list has none.
    response = client_for(None).get(VALUES, {"programme": "program-pomocy-spolecznej-2021-2024",
                                             "page_size": 1000})
    assert response.status_code == 200
    assert response.json()["results"] == []
    page = client_for(None).get("/programmes/program-pomocy-spolecznej-2021-2024/")
    assert "Tabela Nr 8" in page.content.decode()


def test_unknown_programme_and_value_are_404_in_the_error_shape(client_for, db):
    response = client_for(None).get("/api/v1/programmes/no-such-programme/")
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == 404 and body["code"] == "not_found"
    assert client_for(None).get("/api/v1/values/1.5/").json()["code"] == "not_found"


def _grow(programme, organisation, tasks):
    build_programme(goals=2, tasks_per_goal=tasks, indicators_per_task=5,
                    years=(2019, 2020, 2021), organisation=organisation, first_year=2020)


@pytest.mark.parametrize("tasks", [1, 20])
@pytest.mark.parametrize("role", [None, "data_entry"])
def test_lists_run_a_constant_number_of_queries(
    tasks, role, programme, organisation, consultation, client_for, request,
    django_assert_max_num_queries,
):
    _grow(programme, organisation, tasks)
    ReportingYear.objects.filter(year=2021).update(state=ReportingYear.State.PUBLISHED)
    client = client_for(request.getfixturevalue(role) if role else None)
    for url, params in [
        (VALUES, {"page_size": 1000}),
        (VALUES, {"status": "met", "page_size": 1000}),
        (VALUES, {"objective": "A.1", "year_from": 2020, "ordering": "-code"}),
        ("/api/v1/indicators/", {"page_size": 1000}),
        ("/api/v1/objectives/", {"page_size": 1000}),
        ("/api/v1/programmes/", {}),
        ("/api/v1/reporting-years/", {}),
        ("/api/v1/consultations/", {}),
        ("/api/v1/organisations/", {}),
    ]:
        with django_assert_max_num_queries(8):
            response = client.get(url, params)
        assert response.status_code == 200
        assert response.json()["count"] > 0
