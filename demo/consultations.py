"""The demo consultation: the city's real 2020 consultation from ``fixtures/consultations.json``.

``load_consultations`` runs after ``demo.programmes.load_programmes`` (``manage.py load_demo``). It
links the drafts by programme slug; the Family Support Programme 2021–2023 exists only as a draft
record, made here through ``programme_load``. Running it again changes nothing.
"""

from datetime import date

from django.db import transaction

from consultations.models import Consultation, ConsultationDraft, Proposal, Submission
from demo.programmes import read_fixture
from indicators.services.programmes import programme_load
from programs.models import Objective, Programme
from programs.services import LoadStats, OrganisationRegistry, save_if_changed

FIXTURE = "consultations.json"


def _date(raw):
    return date.fromisoformat(raw) if raw else None


@transaction.atomic
def load_consultations() -> LoadStats:
    """Load the consultations of ``fixtures/consultations.json``; all or nothing, idempotent.

    A consultation is keyed by its first reference number, a submission by (organisation,
    draft), a proposal by its position in the submission.
    """
    data = read_fixture(FIXTURE)
    stats = LoadStats()
    registry = OrganisationRegistry(LoadStats())
    for spec in data.get("organisations", []):
        registry.declare(spec)
    for programme_data in data.get("draft_programmes", []):
        programme_load(data=programme_data)
    for spec in data["consultations"]:
        _load_consultation(spec, registry, stats)
    return stats


def _programme(draft_spec) -> Programme:
    programme = Programme.objects.filter(slug=draft_spec["programme"]).first()
    if programme is None and "if_missing" in draft_spec:
        # The programme's own fixture is not there (yet): keep the consultation whole with a
        # minimal record, which that fixture's loader completes when it runs.
        programme, _stats = programme_load(data={"programme": draft_spec["if_missing"]})
    if programme is None:
        raise ValueError(f"Brak programu „{draft_spec['programme']}” (fixtures/{FIXTURE}).")
    return programme


def _load_consultation(spec, registry, stats):
    consultation = _find_by_reference(spec["reference_numbers"][0])
    fields = {
        name: spec.get(name, "")
        for name in [
            "title", "legal_basis", "addressees", "purpose", "submission_method",
            "submission_address", "submission_email", "responsible_department", "status",
            "validity_conclusion", "report_place",
        ]
    }
    fields |= {
        "reference_numbers": spec["reference_numbers"],
        "announcement_channels": spec.get("announcement_channels", []),
        "start_date": _date(spec["start_date"]),
        "end_date": _date(spec["end_date"]),
        "report_date": _date(spec.get("report_date")),
    }
    consultation = consultation or Consultation()
    save_if_changed(consultation, fields, stats)

    drafts = {}
    for position, draft_spec in enumerate(spec["drafts"]):
        programme = _programme(draft_spec)
        draft = ConsultationDraft.objects.filter(
            consultation=consultation, programme=programme
        ).first() or ConsultationDraft(consultation=consultation, programme=programme)
        drafts[draft_spec["programme"]] = draft
        save_if_changed(
            draft,
            {"resolution_subject": draft_spec["resolution_subject"], "position": position},
            stats,
        )

    for submission_spec in spec.get("submissions", []):
        organisation = registry.get(submission_spec["organisation"], FIXTURE)
        draft = drafts[submission_spec["draft"]]
        submission = Submission.objects.filter(
            consultation=consultation, organisation=organisation, draft=draft
        ).first() or Submission(consultation=consultation, organisation=organisation, draft=draft)
        save_if_changed(
            submission,
            {
                "received_on": _date(submission_spec.get("received_on")),
                "channel": submission_spec.get("channel", Submission.Channel.EMAIL),
                "not_considered": submission_spec.get("not_considered", False),
                "remarks": submission_spec.get("remarks", ""),
            },
            stats,
        )
        for position, proposal_spec in enumerate(submission_spec.get("proposals", []), start=1):
            objective = (
                Objective.objects.filter(
                    programme=draft.programme, code=proposal_spec["objective"]
                ).first()
                if proposal_spec.get("objective")
                else None
            )
            proposal = Proposal.objects.filter(submission=submission, position=position).first()
            save_if_changed(
                proposal or Proposal(submission=submission, position=position),
                {
                    "objective": objective,
                    "section_reference": proposal_spec.get("section_reference", ""),
                    "current_text": proposal_spec.get("current_text", ""),
                    "proposed_text": proposal_spec["proposed_text"],
                    "justification": proposal_spec.get("justification", ""),
                    "outcome": proposal_spec.get("outcome", ""),
                    "reasoning": proposal_spec.get("reasoning", ""),
                    "final_wording": proposal_spec.get("final_wording", ""),
                },
                stats,
            )


def _find_by_reference(reference: str):
    # JSON containment lookups are not available on SQLite; there are few consultations.
    for consultation in Consultation.objects.all():
        if reference in consultation.reference_numbers:
            return consultation
    return None
