"""A small programme of our own: one task, one indicator reported by ``organisation``, an open
reporting year."""

from dataclasses import dataclass

import pytest

from indicators.models import Direction, Indicator, Unit, ValueKind
from programs.models import Objective, Programme, ReportingYear

# The consultations tests' own fixtures: a closed consultation and a way to record a proposal.
from tests.consultations.conftest import (  # noqa: F401
    consultation,
    draft_programme,
    ngo,
    record,
    second_draft,
)

YEAR = 2021


@dataclass
class AuditSetup:
    programme: Programme
    task: Objective
    indicator: Indicator
    reporting_year: ReportingYear


@pytest.fixture
def small_programme(db, organisation):
    programme = Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title="Program audytu", short_name="Audyt",
        slug="program-audytu", first_year=2019, last_year=2024,
        status=Programme.Status.ADOPTED, level_names=["Cel", "Zadanie"],
    )
    goal = Objective.objects.create(programme=programme, code="A", title="Cel A")
    task = Objective.objects.create(programme=programme, parent=goal, code="A.1",
                                    title="Zadanie A.1")
    indicator = Indicator.objects.create(
        objective=task, name="Wskaźnik testowy audytu", unit=Unit.FAMILIES,
        value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
        reporting_organisation=organisation,
    )
    reporting_year = ReportingYear.objects.create(programme=programme, year=YEAR)
    return AuditSetup(programme, task, indicator, reporting_year)


@pytest.fixture(autouse=True)
def empty_audit_log(db):
    """Each test starts from an empty log (the demo data loaded for the session made events);
    the deletion is rolled back with the test."""
    from audit.models import AuditEvent

    AuditEvent.objects.all().delete()
