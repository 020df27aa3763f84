"""Small consultations of their own for the consultation tests."""

from datetime import date

import pytest

from consultations import services
from consultations.models import Consultation, Proposal
from programs.models import Objective, Organisation, Programme


def make_programme(slug: str, title: str, status=Programme.Status.DRAFT) -> Programme:
    return Programme.objects.create(
        kind=Programme.Kind.PROGRAMME, title=title, short_name=title[:40], slug=slug,
        first_year=2021, last_year=2024, status=status,
    )


@pytest.fixture
def draft_programme(db):
    programme = make_programme("t-draft-a", "Program Testowy Pomocy na lata 2021-2024")
    Objective.objects.create(programme=programme, code="2.1", title="Pomoc osobom bezrobotnym")
    return programme


@pytest.fixture
def second_draft(db):
    return make_programme("t-draft-b", "Program Testowy Rodziny na lata 2021-2023")


@pytest.fixture
def consultation(draft_programme, second_draft):
    consultation = Consultation.objects.create(
        title="Konsultacje testowe",
        reference_numbers=["T-1.2020"],
        start_date=date(2020, 10, 8),
        end_date=date(2020, 10, 21),
        status=Consultation.Status.CLOSED,
        legal_basis="przepisy ustawy testowej",
        responsible_department="Departament Testowy",
        validity_conclusion="Konsultacje należy uznać za ważne.",
        report_date=date(2020, 11, 10),
    )
    services.consultation_set_drafts(
        consultation=consultation, drafts=[(draft_programme, ""), (second_draft, "")]
    )
    return consultation


@pytest.fixture
def ngo(db):
    return Organisation.objects.create(name="Stowarzyszenie Testowe", kind="ngo")


@pytest.fixture
def record(consultation):
    """Record a submission (and optionally one proposal) on the first or second draft."""

    def make(organisation, *, draft=0, received_on=date(2020, 10, 15), proposal=True, **extra):
        submission = services.submission_record(
            consultation=consultation,
            draft=consultation.drafts.all()[draft],
            organisation=organisation,
            received_on=received_on,
            channel="email",
            **extra,
        )
        if proposal:
            services.proposal_save(
                proposal=Proposal(
                    submission=submission,
                    current_text="Stary zapis",
                    proposed_text="Nowy zapis",
                    justification="Bo tak",
                )
            )
        return submission

    return make
