from datetime import date

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Consultation, Proposal, Submission
from programs.models import Objective, Organisation
from tests.consultations.conftest import make_programme

pytestmark = pytest.mark.django_db


def test_default_resolution_subject_puts_the_title_in_the_genitive(consultation):
    subjects = [draft.resolution_subject for draft in consultation.drafts.all()]
    assert subjects == [
        "w sprawie przyjęcia Programu Testowy Pomocy na lata 2021-2024",
        "w sprawie przyjęcia Programu Testowy Rodziny na lata 2021-2023",
    ]


def test_a_draft_with_submissions_cannot_be_removed(consultation, draft_programme, ngo, record):
    record(ngo)
    with pytest.raises(ValidationError):
        services.consultation_set_drafts(consultation=consultation, drafts=[])
    assert consultation.drafts.count() == 2


def test_drafts_can_be_reordered_and_removed(consultation, draft_programme, second_draft):
    services.consultation_set_drafts(
        consultation=consultation, drafts=[(second_draft, "w sprawie przyjęcia B")]
    )
    drafts = list(consultation.drafts.all())
    assert [(d.programme, d.resolution_subject) for d in drafts] == [
        (second_draft, "w sprawie przyjęcia B")
    ]


def test_submission_from_a_new_organisation_adds_it_to_the_register(consultation):
    submission = services.submission_record(
        consultation=consultation,
        draft=consultation.drafts.first(),
        new_organisation_name="  Fundacja   Nowa ",
        received_on=date(2020, 10, 10),
        channel="post",
    )
    assert submission.organisation.name == "Fundacja Nowa"
    assert submission.organisation.kind == Organisation.Kind.NGO


def test_new_organisation_name_that_exists_reuses_the_register_entry(consultation, ngo):
    submission = services.submission_record(
        consultation=consultation,
        draft=consultation.drafts.first(),
        new_organisation_name="stowarzyszenie testowe",
        received_on=date(2020, 10, 10),
        channel="post",
    )
    assert submission.organisation == ngo
    assert Organisation.objects.filter(name__iexact="stowarzyszenie testowe").count() == 1


def test_submission_needs_an_organisation(consultation):
    with pytest.raises(ValidationError) as error:
        services.submission_record(
            consultation=consultation, draft=consultation.drafts.first(),
            received_on=date(2020, 10, 10), channel="post",
        )
    assert "organisation" in error.value.message_dict


def test_submission_on_a_draft_of_another_consultation_is_refused(consultation, ngo):
    other = Consultation.objects.create(
        title="Inna", start_date=date(2021, 1, 1), end_date=date(2021, 1, 14)
    )
    services.consultation_set_drafts(
        consultation=other, drafts=[(make_programme("t-other", "Program Inny"), "")]
    )
    with pytest.raises(ValidationError) as error:
        services.submission_record(
            consultation=consultation, draft=other.drafts.get(), organisation=ngo,
            received_on=date(2020, 10, 10), channel="post",
        )
    assert "draft" in error.value.message_dict
    assert not Submission.objects.exists()


def test_on_time_submission_cannot_be_left_unconsidered(record, ngo):
    with pytest.raises(ValidationError) as error:
        record(ngo, received_on=date(2020, 10, 20), not_considered=True)
    assert "not_considered" in error.value.message_dict


def test_leaving_a_late_submission_unconsidered_marks_its_proposals(record, ngo):
    submission = record(ngo, received_on=date(2020, 10, 25))
    proposal = submission.proposals.get()
    proposal.outcome, proposal.reasoning = Proposal.Outcome.ACCEPTED, ""
    proposal.final_wording = "Nowy zapis"
    proposal.save()
    services.submission_update(submission=submission, not_considered=True)
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.NOT_CONSIDERED
    assert proposal.final_wording == ""


def test_proposal_on_an_objective_of_another_programme_is_refused(record, ngo, second_draft):
    submission = record(ngo, proposal=False)
    foreign = Objective.objects.create(programme=second_draft, code="1", title="Obcy")
    with pytest.raises(ValidationError) as error:
        services.proposal_save(
            proposal=Proposal(submission=submission, objective=foreign, proposed_text="X")
        )
    assert "objective" in error.value.message_dict


def test_proposal_positions_count_up(record, ngo):
    submission = record(ngo)
    second = services.proposal_save(proposal=Proposal(submission=submission, proposed_text="Y"))
    assert [p.position for p in submission.proposals.all()] == [1, 2]
    assert second.position == 2


def test_outcomes_are_saved_all_or_nothing(record, ngo, other_organisation):
    first = record(ngo).proposals.get()
    second = record(other_organisation).proposals.get()
    with pytest.raises(ValidationError) as error:
        services.proposal_outcomes_save(
            decisions=[
                (first, {"outcome": "accepted", "reasoning": "", "final_wording": "Nowy"}),
                (second, {"outcome": "rejected", "reasoning": "", "final_wording": ""}),
            ]
        )
    assert "reasoning" in error.value.message_dict
    first.refresh_from_db()
    assert first.outcome == ""


def test_outcomes_save_counts_only_changed_proposals(record, ngo, other_organisation):
    first = record(ngo).proposals.get()
    second = record(other_organisation).proposals.get()
    changed = services.proposal_outcomes_save(
        decisions=[
            (first, {"outcome": "rejected", "reasoning": "Nie", "final_wording": ""}),
            (second, {"outcome": "", "reasoning": "", "final_wording": ""}),
        ]
    )
    assert changed == 1
    first.refresh_from_db()
    assert first.outcome == "rejected"


def test_report_cannot_be_published_with_undecided_proposals(consultation, record, ngo):
    record(ngo)
    with pytest.raises(ValidationError):
        services.consultation_publish_report(consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


def test_publishing_the_report(consultation, record, ngo):
    proposal = record(ngo).proposals.get()
    services.proposal_outcomes_save(
        decisions=[(proposal, {"outcome": "rejected", "reasoning": "Nie", "final_wording": ""})]
    )
    services.consultation_publish_report(consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.is_report_published
    assert consultation.report_published_at is not None
    assert consultation.report_date == date(2020, 11, 10)
