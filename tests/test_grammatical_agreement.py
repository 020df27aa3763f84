"""Status labels agree with the noun they describe (``pgettext`` contexts): a value is feminine,
a proposal is feminine, a reporting year and a programme are masculine, a strategy feminine."""

import pytest
from django.utils import translation

from consultations.models import Proposal
from indicators.models import IndicatorValue
from programs.models import Programme, ReportingYear


@pytest.fixture(autouse=True)
def polish():
    with translation.override("pl"):
        yield


def test_value_states_are_feminine():
    # A value not yet submitted is a "wersja robocza": "projekt" is what the report is called
    # until its year is accepted ("PROJEKT"), and the two must not be confused.
    assert [str(label) for label in IndicatorValue.State.labels] == [
        "wersja robocza", "przekazana", "zwrócona", "zaakceptowana"]


def test_proposal_outcomes_are_feminine():
    labels = dict(Proposal.Outcome.choices)
    assert str(labels["accepted"]) == "uwzględniona"
    assert str(labels["partially_accepted"]) == "uwzględniona częściowo"
    assert str(labels["rejected"]) == "nieuwzględniona"


def test_reporting_year_states_are_masculine():
    assert str(ReportingYear.State.ACCEPTED.label) == "zaakceptowany"
    assert str(ReportingYear.State.PUBLISHED.label) == "opublikowany"


@pytest.mark.parametrize(("kind", "adopted", "finished"), [
    (Programme.Kind.PROGRAMME, "przyjęty", "zakończony"),
    (Programme.Kind.STRATEGY, "przyjęta", "zakończona"),
])
def test_programme_status_follows_its_kind(kind, adopted, finished):
    assert Programme(kind=kind, status=Programme.Status.ADOPTED).get_status_display() == adopted
    assert Programme(kind=kind, status=Programme.Status.FINISHED).get_status_display() == finished


@pytest.mark.django_db
def test_home_page_shows_a_strategy_as_adopted_in_the_feminine(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "przyjęta" in page  # the strategies
    assert "przyjęty" in page  # the Social Assistance Programme


@pytest.mark.django_db
def test_consultation_form_asks_for_the_purpose_of_the_consultation(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="koordynator"))
    page = client.get(reverse("consultations:consultation_create"),
                      HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Cel konsultacji" in page and "Cel zadania" not in page


@pytest.mark.django_db
def test_an_indicator_without_a_target_is_not_compared_with_a_year(client, organisation):
    from django.urls import reverse

    from indicators.models import Direction, Indicator
    from programs.models import ReportingYear
    from tests.factories import build_programme

    programme = build_programme(goals=1, tasks_per_goal=1, indicators_per_task=1,
                                years=(2019, 2020), organisation=organisation, first_year=2020)
    ReportingYear.objects.create(programme=programme, year=2020,
                                 state=ReportingYear.State.PUBLISHED)
    indicator = Indicator.objects.get(objective__programme=programme)
    indicator.direction, indicator.target_value = Direction.NONE, None
    indicator.save()
    page = client.get(reverse("dashboards:indicator", kwargs={
        "slug": indicator.objective.programme.slug, "indicator_id": indicator.pk}),
        HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "dane kontekstowe, bez oceny" in page
    assert "bez wartości docelowej</span> <span class=\"muted\">w porównaniu" not in page
