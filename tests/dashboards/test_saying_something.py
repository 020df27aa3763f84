"""Dashboards that say something: the year selector shows the year the page reports, a chart
with nothing to draw is a sentence saying why, goals read in tree order, the public sees the
diagnosis years of a published programme."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dashboards.charts import StatusCounts, status_bar_chart, trend_chart


def _selected_year(page: str) -> int | None:
    select = re.search(r'<select name="year"[^>]*>(.*?)</select>', page, re.S)
    chosen = re.search(r'<option value="(\d+)"[^>]*selected', select.group(1)) if select else None
    return int(chosen.group(1)) if chosen else None


@pytest.mark.django_db
@pytest.mark.parametrize("username", [None, "koordynator", "dyrektor", "realizator", "radny"])
@pytest.mark.parametrize("slug", ["strategia-2011-2020", "strategia-2021-2030",
                                  "program-pomocy-spolecznej-2021-2024"])
def test_the_year_selector_shows_the_reported_year(client, username, slug):
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("dashboards:programme", kwargs={"slug": slug}),
                          HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200
    year = response.context["year"]
    page = response.content.decode()
    if year is None:
        # Nothing published and no diagnosis (the Strategy 2021–2030 for the public): the page
        # says so, and the selector offers no year it would not report.
        assert "Nie ma jeszcze roku sprawozdawczego" in page
        assert _selected_year(page) is None
    else:
        assert _selected_year(page) == year


@pytest.fixture
def diagnosis_only(organisation):
    """An adopted programme starting in 2020 with values for 2018–2019 only: its diagnosis
    years, public with the programme, and no reporting year yet. (The real Social Assistance
    Programme keeps its diagnosis as tables now, shown on the programme page.)"""
    from tests.factories import build_programme

    return build_programme(goals=1, tasks_per_goal=1, indicators_per_task=2,
                           years=(2018, 2019), organisation=organisation, first_year=2020,
                           slug="diagnosis-only")


@pytest.mark.django_db
def test_the_public_sees_the_diagnosis_years_of_a_published_programme(client, diagnosis_only):
    response = client.get(reverse("dashboards:programme", kwargs={"slug": "diagnosis-only"}))
    page = response.content.decode()
    assert "Nie ma jeszcze roku sprawozdawczego" not in page
    assert response.context["year"] == 2019
    assert "rok diagnozy" in page


@pytest.mark.django_db
def test_an_empty_chart_is_a_sentence(client, diagnosis_only):
    from indicators.models import Direction, Indicator

    # Context statistics only: nothing to judge, so nothing to draw.
    Indicator.objects.filter(objective__programme=diagnosis_only).update(
        direction=Direction.NONE, target_value=None)
    response = client.get(reverse("dashboards:programme", kwargs={"slug": "diagnosis-only"}))
    page = response.content.decode()
    assert response.context["chart"] is None
    assert "Wykresu za 2019 nie ma" in page and "Wykres pojawi się" in page
    assert "data:image/svg+xml" not in page


def test_goals_are_drawn_in_tree_order():
    svg = status_bar_chart([StatusCounts("A Cel", 1), StatusCounts("B Cel", 2),
                            StatusCounts("C Cel", 3)], title="t")
    # pygal writes the labels of a horizontal chart from the bottom: C first means A on top.
    labels = re.findall(r">([ABC] Cel)<", svg)
    assert labels[:3] == ["C Cel", "B Cel", "A Cel"]


def test_trend_axis_starts_at_zero_and_the_target_is_drawn():
    from decimal import Decimal

    svg = trend_chart([(2020, Decimal(950)), (2021, Decimal(980))], title="t",
                      target=Decimal(1000), target_label="cel: 1000")
    assert re.search(r'class="axis y always_show".*?>0<', svg, re.S) or ">0<" in svg
    assert "cel: 1000" in svg
