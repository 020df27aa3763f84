"""The public pages of a programme: the programme, each part of the goal tree, each indicator.

Everybody sees the public's view (published and diagnosis years only), a draft programme is 404,
statuses are given in words and symbols, consultation proposals show on the part they concern,
and the number of queries does not grow with the programme."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Consultation, ConsultationDraft, Proposal, Submission
from indicators.models import Indicator, IndicatorValue
from programs.models import Objective, ReportingYear
from tests.api.conftest import own_indicators
from tests.factories import build_programme

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_programme_page_lists_goals_reports_and_open_data(client, programme):
    year = programme.reporting_years.get(year=2020)
    year.conclusion = "Program realizowany zgodnie z planem."
    year.save()
    html = page(client, "/public/programmes/api-test/")
    assert programme.title in html
    for goal in Objective.objects.filter(programme=programme, parent=None):
        assert f"/public/programmes/api-test/goals/{goal.pk}/" in html
    assert "/programmes/api-test/2020/report.pdf" in html
    assert "/programmes/api-test/2021/report.pdf" not in html  # not published
    assert "Program realizowany zgodnie z planem." in html
    assert "/programmes/api-test/open-data.csv" in html
    assert "✔" in html and "✘" in html  # symbols beside the words, never colour alone


def test_goal_page_shows_published_values_only(client, programme, coordinator):
    first = own_indicators(programme)[0]
    goal = first.objective.parent.parent
    client.force_login(coordinator)  # the public's view whoever asks
    html = page(client, f"/public/programmes/api-test/goals/{goal.pk}/")
    assert first.name in html
    assert f"/public/programmes/api-test/indicators/{first.pk}/" in html
    assert ">2020<" in html and ">2019<" in html
    assert ">2021<" not in html  # the open year's draft value stays out


def test_indicator_page_gives_the_narrative(client, programme):
    first = own_indicators(programme)[0]
    IndicatorValue.objects.filter(indicator=first, year=2020).update(
        deviation_assessment="Mniej osób zgłosiło się do programu.", remarks="Dane szacunkowe")
    html = page(client, f"/public/programmes/api-test/indicators/{first.pk}/")
    assert "Mniej osób zgłosiło się do programu." in html
    assert "Dane szacunkowe" in html
    assert "(diagnoza)" in html  # 2019 is before the programme's first year
    assert f"/public/programmes/api-test/goals/{first.objective_id}/" in html


def test_draft_programme_and_foreign_ids_are_404(client, programme, draft_programme):
    assert client.get("/public/programmes/api-draft/").status_code == 404
    other = Indicator.objects.filter(objective__programme=draft_programme).first()
    assert client.get(f"/public/programmes/api-test/indicators/{other.pk}/").status_code == 404
    goal = Objective.objects.filter(programme=draft_programme).first()
    assert client.get(f"/public/programmes/api-test/goals/{goal.pk}/").status_code == 404


def test_consultation_changes_show_on_the_part_they_concern(client, programme, consultation,
                                                           organisation):
    task = own_indicators(programme)[0].objective
    draft = ConsultationDraft.objects.get(consultation=consultation)
    submission = Submission.objects.create(consultation=consultation, draft=draft,
                                           organisation=organisation,
                                           received_on=date(2020, 10, 12))
    Proposal.objects.create(submission=submission, objective=task, proposed_text="Dodać dzieci",
                            outcome=Proposal.Outcome.ACCEPTED, reasoning="Słuszna uwaga",
                            final_wording="Wsparcie rodzin z dziećmi")
    html = page(client, f"/public/programmes/api-test/goals/{task.pk}/")
    assert "Zmieniono po konsultacjach" in html
    assert "Wsparcie rodzin z dziećmi" in html and "Słuszna uwaga" in html
    assert f"/consultations/{consultation.pk}/" in html
    # Not before the consultation's report is published.
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    assert "Wsparcie rodzin" not in page(client, f"/public/programmes/api-test/goals/{task.pk}/")


def _queries(client, organisation, goals: int, slug: str) -> list[int]:
    programme = build_programme(goals=goals, tasks_per_goal=3, indicators_per_task=3,
                                organisation=organisation, slug=slug, first_year=2020)
    ReportingYear.objects.create(programme=programme, year=2020,
                                 state=ReportingYear.State.PUBLISHED)
    goal = Objective.objects.filter(programme=programme, parent=None).first()
    indicator = Indicator.objects.filter(objective__programme=programme).first()
    counts = []
    for url in (f"/public/programmes/{slug}/", f"/public/programmes/{slug}/goals/{goal.pk}/",
                f"/public/programmes/{slug}/indicators/{indicator.pk}/",
                f"/public/programmes/{slug}/"):
        with CaptureQueriesContext(connection) as queries:
            page(client, url)
        counts.append(len(queries))
    return counts


def test_queries_do_not_grow_with_the_programme(client, organisation):
    from programs.identity import current_identity

    current_identity()  # every page reads it; cached from the first one on
    small = _queries(client, organisation, 1, "small")
    large = _queries(client, organisation, 6, "large")  # 6 × 3 tasks × 3 indicators
    assert small == large
    first, goal, indicator, again = small
    assert first <= 12  # the tree, the judging, the years, once per data version
    assert again <= 4 and indicator <= 3  # then the version and the programme only
    assert goal <= 4  # and the consultation proposals (the programme page's too)


def test_public_consultation_page_says_where_each_proposal_landed(client, programme,
                                                                 consultation, organisation):
    task = own_indicators(programme)[0].objective
    draft = ConsultationDraft.objects.get(consultation=consultation)
    submission = Submission.objects.create(consultation=consultation, draft=draft,
                                           organisation=organisation)
    Proposal.objects.create(submission=submission, objective=task, proposed_text="Dodać dzieci",
                            outcome=Proposal.Outcome.PARTIALLY_ACCEPTED,
                            final_wording="Wsparcie rodzin z dziećmi")
    html = page(client, f"/consultations/{consultation.pk}/")
    assert "Dodać dzieci" in html and "Wsparcie rodzin z dziećmi" in html
    assert f"/public/programmes/api-test/goals/{task.pk}/" in html  # both sides linked
    assert f"/consultations/{consultation.pk}/" in page(client, "/consultations/")
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    assert client.get(f"/consultations/{consultation.pk}/").status_code == 404


def test_a_proposal_about_the_programmes_text_shows_on_both_sides(client, programme,
                                                                  consultation, organisation):
    programme.specific_goals = "Cel szczegółowy 1: wsparcie rodzin."
    programme.save()
    draft = ConsultationDraft.objects.get(consultation=consultation)
    submission = Submission.objects.create(consultation=consultation, draft=draft,
                                           organisation=organisation)
    Proposal.objects.create(submission=submission, programme_section="specific_goals",
                            proposed_text="Dopisać seniorów", outcome=Proposal.Outcome.ACCEPTED,
                            final_wording="Cel szczegółowy 1: wsparcie rodzin i seniorów.")
    html = page(client, "/public/programmes/api-test/")
    assert 'id="section-specific_goals"' in html
    assert "Cel szczegółowy 1: wsparcie rodzin." in html
    assert "Zmieniono po konsultacjach" in html and "Dopisać seniorów" in html
    detail = page(client, f"/consultations/{consultation.pk}/")
    assert "/public/programmes/api-test/#section-specific_goals" in detail


def test_proposal_form_offers_the_sections_the_draft_fills(programme, consultation,
                                                            organisation):
    from consultations.forms import ProposalForm

    programme.beneficiaries = "Rodziny z dziećmi"
    programme.save()
    draft = ConsultationDraft.objects.get(consultation=consultation)
    submission = Submission.objects.create(consultation=consultation, draft=draft,
                                           organisation=organisation)
    choices = dict(ProposalForm(submission=submission).fields["programme_section"].choices)
    assert "beneficiaries" in choices and "specific_goals" not in choices
    form = ProposalForm({"programme_section": "nonsense", "proposed_text": "x"},
                        submission=submission)
    assert not form.is_valid() and "programme_section" in form.errors
