import pytest

from programs.models import ReportingYear
from tests.reports.builders import build_report_programme


@pytest.fixture(autouse=True)
def render_inline(settings):
    """Render in the request with the immediate backend, so tests are deterministic."""
    settings.REPORTS_RENDER_INLINE = True


@pytest.fixture
def published(db):
    return build_report_programme(slug="raport-opublikowany", goals="AB")


@pytest.fixture
def draft(db):
    return build_report_programme(slug="raport-projekt", goals="A",
                                  state=ReportingYear.State.IN_REVIEW)
