"""A small programme of our own, loaded through ``programme_load`` (so its creation is recorded
as any programme's is): one task, one indicator reported by ``organisation``, an open reporting
year."""

from dataclasses import dataclass

import pytest

from indicators.models import Indicator
from indicators.services.programmes import programme_load
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
    programme, _stats = programme_load(data={
        "programme": {
            "kind": "programme", "title": "Program audytu", "short_name": "Audyt",
            "slug": "program-audytu", "first_year": 2019, "last_year": 2024,
            "status": "adopted", "level_names": ["Cel", "Zadanie"],
        },
        "objectives": [{
            "code": "A", "title": "Cel A",
            "children": [{
                "code": "A.1", "title": "Zadanie A.1",
                "indicators": [{
                    "name": "Wskaźnik testowy audytu", "unit": "families",
                    "value_kind": "integer", "direction": "increase",
                    "reporting_organisation": organisation.name,
                }],
            }],
        }],
        "reporting_years": [{"year": YEAR}],
    })
    task = Objective.objects.get(programme=programme, code="A.1")
    return AuditSetup(
        programme,
        task,
        Indicator.objects.get(objective=task),
        ReportingYear.objects.select_related("programme").get(programme=programme, year=YEAR),
    )


@pytest.fixture(autouse=True)
def empty_audit_log(db):
    """Each test starts from an empty log (the demo data loaded for the session made events);
    the deletion is rolled back with the test."""
    from audit.models import AuditEvent

    AuditEvent.objects.all().delete()
