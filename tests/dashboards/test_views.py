"""The dashboard pages for every role, their filters and their query counts."""

import re

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue

from .conftest import make_programme

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "department_head", "data_entry", "council_member", None]


@pytest.fixture
def as_role(client, request):
    """A client logged in as the named role fixture (``None``: anonymous)."""

    def login(role):
        if role:
            client.force_login(request.getfixturevalue(role))
        return client

    return login


def dashboard_url(programme, **params):
    url = reverse("dashboards:programme", args=[programme.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def text(response) -> str:
    return response.content.decode()


# --- programme dashboard ------------------------------------------------------------------

@pytest.mark.parametrize("role", ["coordinator", "department_head"])
def test_staff_see_every_year_and_completeness(as_role, role, small_programme):
    response = as_role(role).get(dashboard_url(small_programme, year=2021))
    assert response.status_code == 200
    page = text(response)
    assert '<option value="2022">' in page
    # Per goal: goal 1 has one met (Rising) and one not met (Falling); goal 2 cannot be judged.
    goal_rows = {goal.objective.code: counts for goal, counts in response.context["goal_rows"]}
    assert (goal_rows["1"].met, goal_rows["1"].not_met, goal_rows["1"].cannot_judge) == (1, 1, 0)
    assert (goal_rows["2"].met, goal_rows["2"].not_met, goal_rows["2"].cannot_judge) == (0, 0, 1)
    # The not-met list: value, previous value, target and the organisation's assessment.
    assert [row.indicator.name for row in response.context["list_rows"]] == ["Falling"]
    assert "Plan naprawczy: więcej dyżurów" in page
    # Completeness of the open year 2022, late organisations first.
    completeness = {str(c.organisation): c for c in response.context["dashboard"].completeness}
    ours, theirs = completeness["OT"], completeness["IO"]
    assert (ours.total, ours.filled, ours.submitted, ours.late) == (2, 1, 0, True)
    assert (theirs.total, theirs.filled, theirs.submitted, theirs.late) == (1, 1, 1, False)
    assert response.context["dashboard"].completeness[0] is ours


@pytest.mark.parametrize("role", ["council_member", None])
def test_council_and_public_see_published_years_only(as_role, role, small_programme):
    response = as_role(role).get(dashboard_url(small_programme))
    assert response.status_code == 200
    assert response.context["year"] == 2021
    page = text(response)
    assert '<option value="2022">' not in page
    assert response.context["open_year"] is None  # who is late is not for the public
    assert "Plan naprawczy" in page  # the published year's assessment


@pytest.mark.parametrize("role", ["council_member", None])
def test_council_cannot_pick_an_unpublished_year(as_role, role, small_programme):
    response = as_role(role).get(dashboard_url(small_programme, year=2022))
    assert response.status_code == 200
    assert response.context["year"] == 2021  # falls back, with the error beside the field
    assert response.context["filterset"].form.errors["year"]
    # The 2022 value (130) is nowhere on the page: not as a number (ids in links may contain it).
    assert not re.search(r"(?<![\d/])130(?![\d/])", text(response))


def test_data_entry_sees_every_year_but_not_who_is_late(as_role, small_programme):
    response = as_role("data_entry").get(dashboard_url(small_programme, year=2022))
    assert response.status_code == 200
    assert response.context["year"] == 2022
    assert response.context["open_year"] is None
    organisation_id = response.wsgi_request.user.organisation_id
    assert reverse("dashboards:organisation", args=[organisation_id]) in text(response)


def test_default_year_is_the_latest_one_past_data_entry(as_role, small_programme):
    response = as_role("department_head").get(dashboard_url(small_programme))
    assert response.context["year"] == 2021  # 2022 is still open for entry


@pytest.mark.parametrize("role", ROLES)
def test_draft_programme_is_404_for_council_and_public(as_role, role, draft_programme):
    response = as_role(role).get(dashboard_url(draft_programme))
    if role in ("council_member", None):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert "Nie ma jeszcze roku sprawozdawczego" in text(response)


def test_unknown_programme_is_404(as_role):
    assert as_role("department_head").get("/programmes/no-such/dashboard/").status_code == 404


def test_chart_has_title_description_and_table(as_role, small_programme):
    page = text(as_role("department_head").get(dashboard_url(small_programme, year=2021)))
    assert 'src="data:image/svg+xml;base64,' in page
    # The alt text states the figures in words.
    assert "1 Cel pierwszy: osiągnięte 1, nieosiągnięte 1, nie można ocenić 0" in page
    assert "<table" in page and "✘" in page and "✔" in page


def test_programme_page_links_to_the_dashboard(client, small_programme):
    page = text(client.get(small_programme.get_absolute_url()))
    assert dashboard_url(small_programme) in page


def test_dashboard_is_read_only(as_role, small_programme):
    response = as_role("department_head").post(dashboard_url(small_programme))
    assert response.status_code in (200, 405)
    assert IndicatorValue.objects.filter(indicator__objective__programme=small_programme,
                                         year=2022).count() == 2


# --- filters ------------------------------------------------------------------------------

def test_filter_by_goal(as_role, small_programme):
    goal = small_programme.objectives.get(code="2")
    response = as_role("department_head").get(dashboard_url(small_programme, year=2021,
                                                            goal=goal.pk))
    assert [g.objective.code for g, _c in response.context["goal_rows"]] == ["2"]


def test_filter_by_organisation(as_role, small_programme, other_organisation):
    response = as_role("department_head").get(
        dashboard_url(small_programme, year=2021, organisation=other_organisation.pk))
    names = [row.indicator.name for row in response.context["dashboard"].rows()]
    assert names == ["Counted"]


def test_filter_by_funding_source_includes_tasks_below_the_funded_node(as_role,
                                                                       small_programme):
    source = small_programme.objectives.get(code="2.1").funding_sources.get()
    response = as_role("department_head").get(
        dashboard_url(small_programme, year=2021, funding_source=source.pk))
    names = sorted(row.indicator.name for row in response.context["dashboard"].rows())
    assert names == ["Context statistic", "Counted"]


def test_filter_by_status_lists_those_indicators(as_role, small_programme):
    response = as_role("department_head").get(
        dashboard_url(small_programme, year=2021, status="cannot_judge"))
    assert [row.indicator.name for row in response.context["list_rows"]] == ["Counted"]
    assert "około stu osób" in text(response)


def test_filters_are_kept_in_the_url_form(as_role, small_programme):
    goal = small_programme.objectives.get(code="1")
    page = text(as_role("department_head").get(
        dashboard_url(small_programme, year=2021, goal=goal.pk, status="met")))
    assert 'method="get"' in page
    assert f'<option value="{goal.pk}" selected>' in page
    assert '<option value="met" selected>' in page


def test_invalid_filter_values_show_an_error_and_change_nothing(as_role, small_programme):
    response = as_role("department_head").get(
        dashboard_url(small_programme, goal="999999", status="bogus"))
    assert response.status_code == 200
    assert set(response.context["filterset"].form.errors) == {"goal", "status"}
    assert len(response.context["goal_rows"]) == 2


# --- indicator page -----------------------------------------------------------------------

def indicator_url(programme, name):
    indicator = Indicator.objects.get(objective__programme=programme, name=name)
    return reverse("dashboards:indicator", args=[programme.slug, indicator.pk])


@pytest.mark.parametrize("role", ["coordinator", "department_head"])
def test_indicator_page_for_staff_shows_all_years_and_history(as_role, role, small_programme):
    response = as_role(role).get(indicator_url(small_programme, "Falling"))
    assert response.status_code == 200
    assert [row["year"] for row in response.context["rows"]] == [2022, 2021, 2020]
    page = text(response)
    assert "Historia wartości" in page
    assert response.context["show_history"] and response.context["has_history"]
    assert 'src="data:image/svg+xml;base64,' in page


def test_indicator_page_includes_diagnosis_years_and_remarks(as_role, small_programme):
    response = as_role(None).get(indicator_url(small_programme, "Rising"))
    rows = response.context["rows"]
    assert [(row["year"], row["diagnosis"]) for row in rows] == [
        (2021, False), (2020, False), (2019, True)]
    assert "Więcej uczestników" in text(response)
    assert rows[0]["judgement"].status == "met"


@pytest.mark.parametrize("role", ["council_member", None])
def test_indicator_page_for_public_hides_unpublished_years_and_history(as_role, role,
                                                                       small_programme):
    response = as_role(role).get(indicator_url(small_programme, "Falling"))
    assert response.status_code == 200
    assert [row["year"] for row in response.context["rows"]] == [2021, 2020]
    assert not response.context["show_history"]


def test_indicator_history_for_own_organisation_only(as_role, small_programme):
    client = as_role("data_entry")
    own = client.get(indicator_url(small_programme, "Falling"))
    other = client.get(indicator_url(small_programme, "Counted"))
    assert own.context["show_history"] is True
    assert other.context["show_history"] is False


def test_indicator_with_text_values_only_has_no_chart_but_a_table(as_role, small_programme):
    IndicatorValue.objects.filter(indicator__name="Counted", year=2022).delete()
    response = as_role(None).get(indicator_url(small_programme, "Counted"))
    assert response.context["chart"] is None
    assert "około stu osób" in text(response)


def test_indicator_of_another_programme_is_404(as_role, small_programme, draft_programme):
    indicator = Indicator.objects.get(objective__programme=small_programme, name="Rising")
    url = reverse("dashboards:indicator", args=[draft_programme.slug, indicator.pk])
    assert as_role("department_head").get(url).status_code == 404
    url = reverse("dashboards:indicator", args=[small_programme.slug, 999999])
    assert as_role("department_head").get(url).status_code == 404


# --- organisation page --------------------------------------------------------------------

def organisation_url(organisation, **params):
    url = reverse("dashboards:organisation", args=[organisation.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize("role", ROLES)
def test_organisation_page_for_every_role(as_role, role, small_programme, organisation):
    response = as_role(role).get(organisation_url(organisation))
    assert response.status_code == 200
    item = next(i for i in response.context["overview"] if i.programme == small_programme)
    assert item.year == 2021  # the latest year past data entry, for everybody
    assert [row.indicator.name for row in item.rows] == ["Rising", "Falling"]


@pytest.mark.parametrize(("role", "sees_2022"), [
    ("department_head", True), ("data_entry", True), ("council_member", False), (None, False)])
def test_organisation_page_year_filter_respects_publication(as_role, role, sees_2022,
                                                            small_programme, organisation):
    response = as_role(role).get(organisation_url(organisation, year=2022))
    years = {item.year for item in response.context["overview"]
             if item.programme == small_programme}
    assert years == ({2022} if sees_2022 else {2021})
    assert bool(response.context["filterset"].form.errors) is not sees_2022


def test_organisation_page_status_filter(as_role, small_programme, organisation):
    response = as_role("department_head").get(organisation_url(organisation, status="not_met"))
    item = next(i for i in response.context["overview"] if i.programme == small_programme)
    assert [row.indicator.name for row in item.rows] == ["Falling"]


def test_organisation_page_programme_filter(as_role, small_programme, organisation):
    response = as_role("department_head").get(
        organisation_url(organisation, programme=small_programme.pk))
    assert [item.programme for item in response.context["overview"]] == [small_programme]


def test_organisation_page_empty_state(as_role, other_organisation):
    from programs.models import Organisation

    lonely = Organisation.objects.create(name="Bez wskaźników")
    response = as_role("department_head").get(organisation_url(lonely))
    assert response.context["overview"] == []
    assert 'class="empty"' in text(response)


def test_unknown_organisation_is_404(as_role):
    assert as_role(None).get("/organisations/999999/dashboard/").status_code == 404


# --- query counts -------------------------------------------------------------------------
# Budgets include the request's own queries: session, user, groups, and the session save
# (SESSION_SAVE_EVERY_REQUEST). The same budget holds for 6 and for 300 indicators.

SMALL, LARGE = (2, 3), (30, 10)  # (goals, indicators per goal): 6 and 300 indicators


def _filters(programme):
    task = programme.objectives.filter(parent__isnull=False).first()
    return {
        "year": 2029, "status": "met", "goal": task.parent_id,
        "organisation": task.indicators.first().reporting_organisation_id,
        "funding_source": task.funding_sources.get().pk,
    }


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_programme_dashboard_runs_a_constant_number_of_queries(
        client, department_head, django_assert_max_num_queries, size):
    goals, per_goal = size
    programme = make_programme(f"synthetic-{goals}", goals=goals, indicators_per_goal=per_goal,
                               years=10)
    client.force_login(department_head)
    client.get("/")
    with django_assert_max_num_queries(18):
        response = client.get(dashboard_url(programme))
    assert response.status_code == 200
    assert len(response.context["dashboard"].rows()) == goals * per_goal
    # Every filter set: goal, organisation and funding source are validated (a query each) and
    # the tree is narrowed to the organisation's indicators.
    with django_assert_max_num_queries(23):
        response = client.get(dashboard_url(programme, **_filters(programme)))
    assert response.status_code == 200
    assert not response.context["filterset"].form.errors


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_indicator_and_organisation_pages_run_a_constant_number_of_queries(
        client, department_head, django_assert_max_num_queries, size):
    goals, per_goal = size
    programme = make_programme(f"synthetic-q{goals}", goals=goals, indicators_per_goal=per_goal,
                               years=10)
    indicator = Indicator.objects.filter(objective__programme=programme).first()
    client.force_login(department_head)
    client.get("/")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dashboards:indicator",
                                  args=[programme.slug, indicator.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(organisation_url(indicator.reporting_organisation)).status_code == 200


def main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def test_a_page_drawn_for_one_viewer_serves_the_next_until_the_data_changes(
    client, coordinator, department_head, small_programme, monkeypatch
):
    """The programme dashboard is drawn once per data version, kind of viewer and filters."""
    from indicators.inputs import ValueInput
    from indicators.services.values import values_save

    client.force_login(coordinator)
    first = text(client.get(dashboard_url(small_programme, year=2022, status="met")))
    assert "Rising" not in first  # no value in 2022 yet: cannot be judged
    built = []
    monkeypatch.setattr("dashboards.views.programme_dashboard",
                        lambda *args, **kwargs: built.append(1) / 0)
    client.force_login(department_head)
    second = text(client.get(dashboard_url(small_programme, year=2022, status="met")))
    assert main(second) == main(first)
    assert not built  # served as drawn for the coordinator: another staff reader
    monkeypatch.undo()
    rising = small_programme.objectives.get(code="1.1").indicators.get(name="Rising")
    reporting_year = small_programme.reporting_years.get(year=2022)
    assert values_save(user=coordinator, reporting_year=reporting_year,
                       inputs=[ValueInput(rising.pk, "999", confirmed=True)]).ok
    again = text(client.get(dashboard_url(small_programme, year=2022, status="met")))
    assert "Rising" in again and "999" in again  # a new data version: drawn again
