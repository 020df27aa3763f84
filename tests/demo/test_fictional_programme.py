"""The fictional demonstration programme: marked as fictional wherever it appears, never loaded
in production, and showing every page doing its job (numeric and direction targets, several
years, missed targets with assessments, a returned value, published years)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.programmes import FICTIONAL_MARK, load_fictional_programme
from indicators.judging import Status, judge_indicators
from indicators.models import Indicator, IndicatorValue
from programs.models import Programme, ReportingYear

pytestmark = pytest.mark.django_db
SLUG = "program-demonstracyjny"


@pytest.fixture
def fictional(settings):
    settings.DEBUG = True
    load_fictional_programme()
    return Programme.objects.get(slug=SLUG)


def test_is_never_loaded_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(RuntimeError):
        load_fictional_programme()
    # A demonstration server run with DEBUG off (load_demo --force) gets the real programmes only.
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))
    assert not Programme.objects.filter(slug=SLUG).exists()


def test_is_marked_fictional_in_its_title_and_short_name(fictional):
    assert FICTIONAL_MARK in fictional.title and FICTIONAL_MARK in fictional.short_name


def test_has_what_every_page_needs(fictional):
    indicators = list(Indicator.objects.for_programme(fictional))
    assert any(i.target_value is not None for i in indicators)
    assert any(i.direction for i in indicators)
    values = IndicatorValue.objects.filter(indicator__in=indicators)
    assert len(set(values.values_list("year", flat=True))) >= 4
    returned = values.get(state=IndicatorValue.State.RETURNED)
    assert returned.review_comment
    states = dict(fictional.reporting_years.values_list("year", "state"))
    assert ReportingYear.State.PUBLISHED in states.values()
    assert ReportingYear.State.IN_REVIEW in states.values()
    missed = [j for j in judge_indicators(indicators, 2023, user=None).values()
              if j.status == Status.NOT_MET]
    assert missed
    assert values.filter(year=2023).exclude(deviation_assessment="").exists()


def test_loading_it_twice_changes_nothing(fictional):
    _name, stats = load_fictional_programme()
    assert stats.created == 0 and stats.updated == 0


def test_real_programmes_are_untouched(settings):
    before = {p.slug: (p.title, Indicator.objects.for_programme(p).count(),
                       IndicatorValue.objects.filter(indicator__objective__programme=p).count())
              for p in Programme.objects.all()}
    settings.DEBUG = True
    load_fictional_programme()
    after = {p.slug: (p.title, Indicator.objects.for_programme(p).count(),
                      IndicatorValue.objects.filter(indicator__objective__programme=p).count())
             for p in Programme.objects.exclude(slug=SLUG)}
    assert after == before


@pytest.mark.parametrize("url", [
    lambda: reverse("programme_detail", kwargs={"slug": SLUG}),
    lambda: reverse("dashboards:programme", kwargs={"slug": SLUG}),
    lambda: reverse("reports_programme:html", kwargs={"slug": SLUG, "year": 2022}),
    lambda: reverse("reports:list"),
    lambda: reverse("home"),
])
def test_every_page_it_appears_on_says_it_is_fictional(fictional, client, url):
    page = client.get(url(), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Program demonstracyjny — dane fikcyjne" in page
