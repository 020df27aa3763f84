"""A small programme of our own for the API tests.

Years: 2019 (a diagnosis year: before the programme starts in 2020) and 2020 (published) have
accepted values; 2021 is open for entry with one draft value; 2022 is accepted (locked).
Indicators alternate between the test organisation (``organisation``, the ``data_entry`` user's)
and ``other_organisation``.
"""

from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiToken
from consultations.models import Consultation, ConsultationDraft
from indicators.models import Indicator, IndicatorValue
from programs.models import Programme, ReportingYear
from tests.factories import build_programme


@pytest.fixture(autouse=True)
def _no_anonymous_throttle(settings):
    # Throttling has its own test; the others send many anonymous requests.
    settings.API_ANONYMOUS_RATE = None
    cache.clear()


@pytest.fixture
def programme(organisation, other_organisation):
    programme = build_programme(
        goals=2, tasks_per_goal=2, indicators_per_task=2, years=(2019, 2020),
        organisation=organisation, first_year=2020, last_year=2024, slug="api-test",
    )
    indicators = list(programme.objectives.get(code="B.1.2").indicators.all())
    for indicator in indicators:
        indicator.reporting_organisation = other_organisation
        indicator.save()
    ReportingYear.objects.create(programme=programme, year=2020,
                                 state=ReportingYear.State.PUBLISHED)
    ReportingYear.objects.create(programme=programme, year=2021)
    ReportingYear.objects.create(programme=programme, year=2022,
                                 state=ReportingYear.State.ACCEPTED)
    first = own_indicators(programme)[0]
    IndicatorValue.objects.create(indicator=first, year=2021, number=7, state="draft")
    return programme


def own_indicators(programme):
    """The two indicators of task A.1.1 (reported by ``organisation``)."""
    return list(
        Indicator.objects.filter(objective__programme=programme, objective__code="A.1.1")
        .order_by("position")
    )


def other_indicator(programme):
    """An indicator of task B.1.2 (reported by ``other_organisation``)."""
    return Indicator.objects.filter(
        objective__programme=programme, objective__code="B.1.2"
    ).first()


@pytest.fixture
def draft_programme(organisation):
    programme = build_programme(goals=1, tasks_per_goal=1, indicators_per_task=1,
                                organisation=organisation, slug="api-draft")
    programme.status = Programme.Status.DRAFT
    programme.save()
    return programme


@pytest.fixture
def consultation(programme):
    consultation = Consultation.objects.create(
        title="Konsultacje testowe", start_date=date(2020, 10, 8), end_date=date(2020, 10, 21),
        status=Consultation.Status.REPORT_PUBLISHED, legal_basis="ustawa",
    )
    ConsultationDraft.objects.create(consultation=consultation, programme=programme,
                                     resolution_subject="w sprawie przyjęcia programu")
    return consultation


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def client_for(api):
    """An API client authenticated with the user's token (as a program would be)."""

    def make(user):
        if user is None:
            return APIClient()
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)}")
        return client

    return make
