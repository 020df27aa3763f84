"""The register of measures: one value per measure and year, shared by every programme whose
indicator uses the measure, judged against each programme's own target; the lock rule; linking
proposals, linking and unlinking; the register's pages, API and open data."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from dashboards.selectors import programme_dashboard
from indicators import selectors
from indicators.inputs import ReviewDecision, ValueInput
from indicators.measures import link_proposals, measure_register
from indicators.models import Direction, Indicator, IndicatorValue, Measure, Unit, ValueKind
from indicators.services.measures import indicator_link, indicator_unlink
from indicators.services.review import values_review
from indicators.services.values import values_save
from indicators.services.years import year_publish
from programs.models import Objective, Programme, ReportingYear
from programs.services import data_version
from reports.builder import build_report

YEAR = 2022
State = IndicatorValue.State


def make_programme(slug, organisation, *, first_year=2021, last_year=2030, target=None,
                   direction=Direction.INCREASE, name="Liczba rodzin objętych asystą rodzinną",
                   extra=0):
    """A programme with one task whose first indicator counts families with an assistant (and
    ``extra`` further indicators of its own)."""
    programme = Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title=f"Program {slug}", short_name=slug.upper(),
        slug=slug, first_year=first_year, last_year=last_year,
        status=Programme.Status.ADOPTED, level_names=["Cel", "Zadanie"])
    goal = Objective.objects.create(programme=programme, code="1", title="Cel 1")
    task = Objective.objects.create(programme=programme, parent=goal, code="1.1",
                                    title="Zadanie 1.1")
    indicator = Indicator.objects.create(
        objective=task, name=name, unit=Unit.FAMILIES, value_kind=ValueKind.INTEGER,
        target_value=target, direction=direction if target is None else "",
        reporting_organisation=organisation, position=0)
    for n in range(extra):
        Indicator.objects.create(
            objective=task, name=f"Wskaźnik własny {slug} {n}", unit=Unit.PERSONS,
            value_kind=ValueKind.INTEGER, direction=Direction.INCREASE,
            reporting_organisation=organisation, position=n + 1)
    return programme, indicator


def enter(user, reporting_year, indicator, text, version=0, reason=""):
    return values_save(user=user, reporting_year=reporting_year, inputs=[ValueInput(
        indicator_id=indicator.pk, value=text, version=version, change_reason=reason)])


@pytest.fixture
def shared(db, organisation, coordinator):
    """Two programmes whose first indicators are linked to one measure: the first judged by a
    direction (increase), the second by a numeric target of 50."""
    first, first_indicator = make_programme("pierwszy", organisation)
    second, second_indicator = make_programme("drugi", organisation, target=Decimal(50))
    indicator_link(user=coordinator, indicator=second_indicator,
                   measure=first_indicator.measure)
    first_indicator.refresh_from_db()
    second_indicator.refresh_from_db()
    years = {
        programme.slug: ReportingYear.objects.create(programme=programme, year=YEAR)
        for programme in (first, second)
    }
    return first, first_indicator, second, second_indicator, years


def test_every_indicator_has_a_measure_of_its_own_until_linked(db, organisation):
    _programme, indicator = make_programme("sam", organisation)
    measure = indicator.measure
    assert (measure.name, measure.unit, measure.value_kind, measure.reporting_organisation) == (
        indicator.name, Unit.FAMILIES, ValueKind.INTEGER, organisation)
    # Not shared: the measure follows its indicator.
    indicator.name = "Liczba rodzin z asystentem"
    indicator.save()
    measure.refresh_from_db()
    assert measure.name == "Liczba rodzin z asystentem"


def test_demo_programmes_share_measures(db):
    """The demo data links the indicators that count the same thing (fixtures/README.md):
    the 2011–2020 strategy's series goes on in the 2021–2030 strategy."""
    old = Indicator.objects.get(objective__programme__slug="strategia-2011-2020",
                                objective__code="F.3.2",
                                name__startswith="Liczba osób zaangażowanych")
    new = Indicator.objects.get(objective__programme__slug="strategia-2021-2030",
                                objective__code="F.3.2",
                                name__startswith="Liczba osób zaangażowanych")
    assert old.measure_id == new.measure_id
    shared = Measure.objects.filter(indicators__isnull=False).annotate(
        n=Count("indicators")).filter(n__gt=1).count()
    assert shared == 6
    assert 2020 in {value.year for value in new.values}


def test_a_value_entered_once_shows_in_every_programme_judged_by_its_own_target(
    shared, data_entry, client, coordinator
):
    first, first_indicator, second, second_indicator, years = shared
    # 2021: 40 families, entered through the first programme.
    ReportingYear.objects.create(programme=first, year=YEAR - 1)
    assert enter(data_entry, ReportingYear.objects.get(programme=first, year=YEAR - 1),
                 first_indicator, "40").ok
    # 2022: 45, entered through the second programme; one record for both.
    assert enter(data_entry, years["drugi"], second_indicator, "45").ok
    assert IndicatorValue.objects.filter(measure=first_indicator.measure).count() == 2

    # Entry view of each programme.
    for programme, indicator in ((first, first_indicator), (second, second_indicator)):
        rows = [row for group in selectors.entry_groups(years[programme.slug])
                for row in group.rows]
        assert [row.indicator.pk for row in rows] == [indicator.pk]
        assert rows[0].value.number == Decimal(45)
        assert rows[0].shared_names == [str(second if programme == first else first)]
    # Judged per programme: increase 40 → 45 is met; the target of 50 is not.
    first_rows = selectors.entry_groups(years["pierwszy"])[1].rows
    second_rows = selectors.entry_groups(years["drugi"])[1].rows
    assert first_rows[0].judgement.status == "met"
    assert second_rows[0].judgement.status == "not_met"

    # Dashboard.
    for programme, status in ((first, "met"), (second, "not_met")):
        dashboard = programme_dashboard(programme, user=coordinator, year=YEAR)
        [row] = dashboard.rows()
        assert (row.value.number, row.judgement.status) == (Decimal(45), status)

    # Report.
    for programme, status in ((first, "met"), (second, "not_met")):
        report = build_report(programme, years[programme.slug])
        lines = [line for section in report.sections for item in section.items
                 for line in getattr(item, "lines", [])]
        assert [(line.number, line.status) for line in lines] == [(Decimal(45), status)]

    # API, filtered by each programme: the value under the programme's own indicator.
    client.force_login(coordinator)
    for programme, indicator, status in ((first, first_indicator, "met"),
                                         (second, second_indicator, "not_met")):
        rows = client.get("/api/v1/values/", {"programme": programme.slug,
                                              "year": YEAR}).json()["results"]
        assert [(row["indicator"], row["measure"], row["number"], row["status"])
                for row in rows] == [(indicator.pk, indicator.measure_id, "45.0000", status)]


def test_accepting_in_one_review_accepts_for_every_programme(shared, data_entry, coordinator):
    first, first_indicator, second, second_indicator, years = shared
    assert enter(data_entry, years["pierwszy"], first_indicator, "45").ok
    value = IndicatorValue.objects.get(measure=first_indicator.measure, year=YEAR)
    value.state = State.SUBMITTED
    value.save()
    assert values_review(user=coordinator, reporting_year=years["drugi"], decisions=[
        ReviewDecision(value_id=value.pk, action="accept")]) == {}
    [row] = selectors.entry_groups(years["pierwszy"])[1].rows
    assert row.value.state == State.ACCEPTED


def test_a_shared_value_cannot_change_while_its_year_is_locked_in_another_programme(
    shared, data_entry, coordinator
):
    first, first_indicator, second, second_indicator, years = shared
    assert enter(data_entry, years["pierwszy"], first_indicator, "45").ok
    value = IndicatorValue.objects.get(measure=first_indicator.measure, year=YEAR)
    IndicatorValue.objects.filter(pk=value.pk).update(state=State.ACCEPTED)
    years["drugi"].state = ReportingYear.State.ACCEPTED
    years["drugi"].save()

    result = enter(coordinator, years["pierwszy"], first_indicator, "47", version=value.version,
                   reason="korekta")
    assert not result.ok
    [message] = result.errors[first_indicator.pk]["value"]
    assert message == (
        "Ta wartość jest wspólna z programem „DRUGI”, w którym rok 2022 jest zamknięty: nie "
        "można jej zmienić. Aby ją zmienić, koordynator musi ponownie otworzyć rok 2022 w tym "
        "programie.")
    value.refresh_from_db()
    assert value.number == Decimal(45)
    # The entry page shows the row read-only, with the reason.
    [row] = selectors.entry_groups(years["pierwszy"])[1].rows
    assert row.locked_elsewhere == ["DRUGI"]
    # A return in the open programme's review is refused too.
    errors = values_review(user=coordinator, reporting_year=years["pierwszy"], decisions=[
        ReviewDecision(value_id=value.pk, action="return", comment="Popraw")])
    assert "DRUGI" in errors[value.pk]

    # Reopened, the change goes through.
    years["drugi"].state = ReportingYear.State.OPEN
    years["drugi"].save()
    assert enter(coordinator, years["pierwszy"], first_indicator, "47", version=value.version,
                 reason="korekta").ok


def test_entry_page_says_which_programmes_share_and_refuses_in_polish(
    shared, client, data_entry
):
    first, first_indicator, second, second_indicator, years = shared
    years["drugi"].state = ReportingYear.State.ACCEPTED
    years["drugi"].save()
    client.force_login(data_entry)
    page = client.get(reverse("value_entry", args=["pierwszy", YEAR]),
                      HTTP_ACCEPT_LANGUAGE="pl").text
    assert "Jedna wartość, używana także w: DRUGI" in page
    assert "koordynator musi ponownie otworzyć rok 2022" in page


def test_linking_proposals_match_name_unit_and_organisation(db, organisation,
                                                            other_organisation):
    first, first_indicator = make_programme("stary", organisation, first_year=2011,
                                            last_year=2020)
    second, second_indicator = make_programme(
        "nowy", organisation, name="  LICZBA rodzin objętych   asystą rodzinną ")
    third, _other = make_programme("inny", other_organisation)
    [proposal] = link_proposals(second)
    assert (proposal.indicator, proposal.measure) == (second_indicator, first_indicator.measure)
    assert proposal.used_by == [first]
    # Nothing is linked by the proposal itself.
    second_indicator.refresh_from_db()
    assert second_indicator.measure_id != first_indicator.measure_id


def test_linking_merges_values_and_keeps_their_history(db, organisation, coordinator):
    old, old_indicator = make_programme("stary", organisation, first_year=2011, last_year=2020)
    new, new_indicator = make_programme("nowy", organisation)
    for year, number in ((2019, 30), (2020, 35)):
        IndicatorValue.objects.create(indicator=old_indicator, year=year, number=number,
                                      state=State.ACCEPTED)
    IndicatorValue.objects.create(indicator=new_indicator, year=2020, number=35,
                                  state=State.ACCEPTED)
    IndicatorValue.objects.create(indicator=new_indicator, year=2021, number=38,
                                  state=State.ACCEPTED)
    moved = IndicatorValue.objects.get(indicator=new_indicator, year=2021)
    own_measure = new_indicator.measure_id

    indicator_link(user=coordinator, indicator=new_indicator, measure=old_indicator.measure)

    values = {v.year: v.number for v in IndicatorValue.objects.filter(
        measure=old_indicator.measure)}
    assert values == {2019: 30, 2020: 35, 2021: 38}  # the trend goes on across programmes
    assert IndicatorValue.history.filter(id=moved.pk, measure=old_indicator.measure).exists()
    assert not Measure.objects.filter(pk=own_measure).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.STRUCTURE_CHANGED,
                                   object_id=str(new_indicator.pk))
    assert "linked" in event.comment or "powiązan" in event.comment
    # The register shows one measure with both programmes and every year.
    [row] = [row for row in measure_register(coordinator) if row.measure == old_indicator.measure]
    assert row.programmes == [old, new]
    assert row.years == [2019, 2020, 2021]


def test_linking_is_refused_when_both_have_different_values_of_a_year(db, organisation,
                                                                      coordinator):
    _old, old_indicator = make_programme("stary", organisation)
    _new, new_indicator = make_programme("nowy", organisation)
    IndicatorValue.objects.create(indicator=old_indicator, year=2021, number=10)
    IndicatorValue.objects.create(indicator=new_indicator, year=2021, number=12)
    with pytest.raises(ValidationError) as refused:
        indicator_link(user=coordinator, indicator=new_indicator, measure=old_indicator.measure)
    assert "2021" in refused.value.messages[0]
    new_indicator.refresh_from_db()
    assert new_indicator.measure_id != old_indicator.measure_id
    assert IndicatorValue.objects.filter(
        measure__in=[old_indicator.measure_id, new_indicator.measure_id]).count() == 2


def test_linking_needs_the_same_unit_and_one_indicator_per_programme(db, organisation,
                                                                     coordinator):
    _old, old_indicator = make_programme("stary", organisation)
    new, new_indicator = make_programme("nowy", organisation)
    new_indicator.unit = Unit.PERSONS
    new_indicator.save()
    with pytest.raises(ValidationError):
        indicator_link(user=coordinator, indicator=new_indicator, measure=old_indicator.measure)


def test_linking_needs_the_same_parts(db, organisation, coordinator):
    _old, old_indicator = make_programme("stary", organisation)
    _new, new_indicator = make_programme("nowy", organisation)
    new_indicator.parts = [{"label": "osób", "unit": Unit.PERSONS, "within": False},
                           {"label": "rodzin", "unit": Unit.FAMILIES, "within": False}]
    new_indicator.save()
    with pytest.raises(ValidationError, match="Części wskaźnika różnią się"):
        indicator_link(user=coordinator, indicator=new_indicator, measure=old_indicator.measure)
    assert new_indicator.measure_id != old_indicator.measure_id


def test_unlinking_copies_the_values_so_nothing_shown_changes(shared, data_entry, coordinator):
    first, first_indicator, second, second_indicator, years = shared
    assert enter(data_entry, years["drugi"], second_indicator, "45").ok
    own = indicator_unlink(user=coordinator, indicator=second_indicator)
    second_indicator.refresh_from_db()
    assert second_indicator.measure == own != first_indicator.measure
    assert [v.number for v in IndicatorValue.objects.filter(measure=own)] == [Decimal(45)]
    assert [v.number for v in IndicatorValue.objects.filter(
        measure=first_indicator.measure)] == [Decimal(45)]
    # From now on they are entered separately.
    copy = IndicatorValue.objects.get(measure=own)
    assert enter(data_entry, years["drugi"], second_indicator, "46", version=copy.version).ok
    assert IndicatorValue.objects.get(measure=first_indicator.measure).number == Decimal(45)
    with pytest.raises(ValidationError):
        indicator_unlink(user=coordinator, indicator=second_indicator)


def test_register_page_filters_and_exports(shared, client, coordinator, department_head,
                                           data_entry):
    first, first_indicator, second, second_indicator, years = shared
    assert enter(data_entry, years["pierwszy"], first_indicator, "45").ok
    client.force_login(data_entry)
    assert client.get(reverse("measure_list")).status_code == 403
    client.force_login(department_head)
    page = client.get(reverse("measure_list"), {"shared": "on"}, HTTP_ACCEPT_LANGUAGE="pl").text
    assert "Rejestr miar" in page and first_indicator.name in page and "DRUGI" in page
    assert 'name="programme"' in page and 'name="q"' in page  # the filter bar
    only_first = client.get(reverse("measure_list"), {"programme": "pierwszy"}).text
    assert first_indicator.name in only_first
    empty = client.get(reverse("measure_list"), {"q": "nie ma takiej miary"},
                       HTTP_ACCEPT_LANGUAGE="pl").text
    assert "Żadna miara nie odpowiada filtrom" in empty
    detail = client.get(reverse("measure_detail", args=[first_indicator.measure_id]))
    assert detail.status_code == 200 and "45" in detail.text
    export = client.get(reverse("measure_export"), {"programme": "drugi"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_register_is_paged_with_the_filters_kept(db, client, department_head, organisation):
    """The demo's several hundred measures come fifty to a page; the page links keep the
    filters."""
    from indicators.measure_views import PAGE_SIZE

    client.force_login(department_head)
    first = client.get(reverse("measure_list"), HTTP_ACCEPT_LANGUAGE="pl")
    total = first.context["page"].paginator.count
    assert total > PAGE_SIZE  # the demo data
    assert len(first.context["rows"]) == PAGE_SIZE
    assert "Następna strona" in first.text and "?page=2" in first.text
    last = client.get(reverse("measure_list"), {"q": "liczba", "page": 999})
    assert last.context["page"].number == last.context["page"].paginator.num_pages
    assert "q=liczba" in last.text  # the previous page's link keeps the search


def test_proposals_page_links_on_request_only(db, client, coordinator, organisation):
    _old, old_indicator = make_programme("stary", organisation)
    _new, new_indicator = make_programme("nowy", organisation)
    client.force_login(coordinator)
    page = client.get(reverse("measure_proposals"), {"programme": "nowy"}).text
    assert new_indicator.name in page
    new_indicator.refresh_from_db()
    assert new_indicator.measure_id != old_indicator.measure_id
    response = client.post(reverse("measure_proposals"), {
        "programme": "nowy", "indicator": new_indicator.pk,
        "measure": old_indicator.measure_id})
    assert response.status_code == 302
    new_indicator.refresh_from_db()
    assert new_indicator.measure_id == old_indicator.measure_id


def test_api_measures_endpoint_and_open_data(shared, client, coordinator, data_entry):
    first, first_indicator, second, second_indicator, years = shared
    assert enter(data_entry, years["pierwszy"], first_indicator, "45").ok
    client.force_login(coordinator)
    data = client.get("/api/v1/measures/", {"shared": "true", "search": "asystą"}).json()
    [measure] = data["results"]
    assert measure["id"] == first_indicator.measure_id
    assert client.get("/api/v1/measures/", {"programme": "drugi"}).json()["count"] == 1
    assert sorted(measure["programmes"]) == ["drugi", "pierwszy"]
    assert sorted(measure["indicators"]) == sorted([first_indicator.pk, second_indicator.pk])
    indicator = client.get(f"/api/v1/indicators/{second_indicator.pk}/").json()
    assert indicator["measure"] == first_indicator.measure_id
    # Open data: only published values; none yet, then one.

    def published():
        rows = json.loads(client.get("/open-data/measures.json").content)["values"]
        return [(row["measure_id"], row["year"], row["value"], row["programmes"])
                for row in rows if row["measure_id"] == first_indicator.measure_id]

    assert published() == []
    IndicatorValue.objects.filter(measure=first_indicator.measure).update(state=State.ACCEPTED)
    years["drugi"].state = ReportingYear.State.PUBLISHED
    years["drugi"].save()
    assert published() == [(first_indicator.measure_id, YEAR, "45", "drugi, pierwszy")]
    catalogue = client.get("/open-data/catalog.ttl").content.decode()
    assert "open-data/measures.csv" in catalogue


def _three_programmes_sharing(size, organisation, coordinator):
    """Three programmes of ``size`` indicators each, every measure used by all three, with a
    value of the previous year."""
    programmes = [make_programme(f"p{n}-{size}", organisation, extra=size - 1)[0]
                  for n in range(3)]
    first_indicators = list(Indicator.objects.filter(objective__programme=programmes[0]))
    for programme in programmes[1:]:
        for mine, theirs in zip(
            Indicator.objects.filter(objective__programme=programme), first_indicators,
            strict=True,
        ):
            Indicator.objects.filter(pk=mine.pk).update(name=theirs.name, unit=theirs.unit)
            mine.refresh_from_db()
            indicator_link(user=coordinator, indicator=mine, measure=theirs.measure)
    for programme in programmes:
        ReportingYear.objects.create(programme=programme, year=YEAR)
    for indicator in first_indicators:
        IndicatorValue.objects.create(indicator=indicator, year=YEAR - 1, number=10,
                                      state=State.ACCEPTED)
    return programmes


def test_entry_page_and_dashboard_queries_stay_constant_with_measures_shared_by_three(
    db, client, data_entry, organisation, coordinator
):
    """2 or 8 measures, each used by three programmes: the entry page and the dashboard run
    the same number of queries."""
    counts = {}
    client.force_login(data_entry)
    client.get(reverse("home"))  # what one request keeps for the next (the identity) is read
    for size in (2, 8):
        programmes = _three_programmes_sharing(size, organisation, coordinator)
        client.force_login(data_entry)
        with CaptureQueriesContext(connection) as entry:
            response = client.get(reverse("value_entry", args=[programmes[1].slug, YEAR]))
        assert response.text.count('class="value-input"') == size
        assert "Jedna wartość, używana także w:" in response.text
        client.force_login(coordinator)
        cache.clear()  # the dashboard's page is cached per data version
        with CaptureQueriesContext(connection) as dashboard:
            response = client.get(reverse("dashboards:programme", args=[programmes[2].slug]),
                                  {"year": YEAR})
        assert response.status_code == 200
        counts[size] = (len(entry), len(dashboard))
    assert counts[2] == counts[8], counts
    assert counts[8][0] <= 17


def test_publishing_a_year_renews_the_data_of_the_programmes_sharing_its_measures(
    shared, coordinator
):
    """The public sees a shared value once any programme using it publishes the year, so the
    other programmes' cached pages and files are renewed too."""
    first, first_indicator, second, second_indicator, years = shared
    years["pierwszy"].state = ReportingYear.State.ACCEPTED
    years["pierwszy"].save()
    before = data_version(second)
    year_publish(user=coordinator, reporting_year=years["pierwszy"])
    assert data_version(second) != before
