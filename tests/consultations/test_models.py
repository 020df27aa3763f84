from datetime import date

import pytest
from django.db import IntegrityError, transaction

from consultations.models import Consultation, Proposal

pytestmark = pytest.mark.django_db


def test_end_date_before_start_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(
            title="X", start_date=date(2020, 10, 21), end_date=date(2020, 10, 8)
        )


def test_one_day_consultation_is_allowed():
    consultation = Consultation.objects.create(
        title="X", start_date=date(2020, 10, 8), end_date=date(2020, 10, 8)
    )
    assert consultation.pk


def test_unknown_status_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(
            title="X", start_date=date(2020, 1, 1), end_date=date(2020, 1, 2), status="bogus"
        )


def test_submission_is_late_only_after_the_end_date(consultation, ngo, record):
    on_end_date = record(ngo, received_on=date(2020, 10, 21), proposal=False)
    day_after = record(ngo, received_on=date(2020, 10, 22), proposal=False)
    assert not on_end_date.is_late
    assert day_after.is_late


def test_submission_without_a_date_is_not_late(consultation, ngo, record):
    submission = record(ngo, proposal=False)
    submission.received_on = None
    assert not submission.is_late


def test_rejected_proposal_with_final_wording_is_refused_by_the_database(ngo, record):
    proposal = record(ngo).proposals.get()
    proposal.outcome = Proposal.Outcome.REJECTED
    proposal.final_wording = "Coś"
    with pytest.raises(IntegrityError), transaction.atomic():
        proposal.save()


def test_open_consultations_come_first():
    closed = Consultation.objects.create(
        title="closed", start_date=date(2024, 1, 1), end_date=date(2024, 1, 14), status="closed"
    )
    opened = Consultation.objects.create(
        title="open", start_date=date(2020, 1, 1), end_date=date(2020, 1, 14), status="open"
    )
    planned = Consultation.objects.create(
        title="planned", start_date=date(2025, 1, 1), end_date=date(2025, 1, 14)
    )
    ids = [c.pk for c in Consultation.objects.filter(
        pk__in=[closed.pk, opened.pk, planned.pk]).open_first()]
    assert ids == [opened.pk, planned.pk, closed.pk]
