"""Writes to consultations: the drafts under consultation, submissions, proposals, outcomes and
the publication of the report.

The staff pages, the demo loader and the tests call these functions, so each rule (a
submission's draft belongs to its consultation, only late opinions may be left unconsidered, a
report is published only when every proposal is decided) is written once. A changed outcome of
a proposal is recorded in the audit log by the service that changes it.
"""

from datetime import date

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import AuditTrail
from consultations.models import (
    Consultation,
    ConsultationDraft,
    Proposal,
    RenderedConsultationReport,
    Submission,
)
from consultations.report import pdf_fingerprint, report_html
from consultations.tasks import render_consultation_report_task
from lib.rendering import request_render
from programs.models import Objective, Organisation, Programme

# The first word of a programme's title in the genitive, for the default "w sprawie przyjęcia …".
_GENITIVE_FIRST_WORD = {
    "program": "Programu",
    "strategia": "Strategii",
    "gminny": "Gminnego",
    "miejski": "Miejskiego",
    "plan": "Planu",
}


def default_resolution_subject(programme: Programme) -> str:
    """A first guess of the draft resolution's subject from the programme's title.

    "Program Pomocy Społecznej …" becomes "w sprawie przyjęcia Programu Pomocy Społecznej …";
    staff correct the guess where the title starts with a word we do not know.
    """
    first, _space, rest = programme.title.partition(" ")
    first = _GENITIVE_FIRST_WORD.get(first.casefold(), first)
    return f"w sprawie przyjęcia {first} {rest}".strip()


def consultation_changed(consultation_id: int) -> None:
    """Record that something the consultation's report shows has changed (in the caller's
    transaction): the published report's fingerprint, cached by this version, is worked out
    again at the next download."""
    Consultation.objects.filter(pk=consultation_id).update(
        content_version=F("content_version") + 1
    )


@transaction.atomic
def consultation_set_drafts(
    *, consultation: Consultation, drafts: list[tuple[Programme, str]]
) -> list[ConsultationDraft]:
    """Make the consultation cover exactly these drafts, in this order.

    ``drafts`` holds (programme, resolution subject); an empty subject gets the default. A draft
    that already has submissions cannot be removed (its opinions would be lost).
    """
    wanted = {programme.pk: (index, programme, subject) for index, (programme, subject)
              in enumerate(drafts)}
    if len(wanted) != len(drafts):
        raise ValidationError(_("A programme can be consulted only once in a consultation."))
    existing = {draft.programme_id: draft for draft in consultation.drafts.all()}
    for programme_id, draft in existing.items():
        if programme_id not in wanted:
            if draft.submissions.exists():
                raise ValidationError(
                    _("“%(draft)s” has submissions and cannot be removed from the consultation.")
                    % {"draft": draft.programme}
                )
            draft.delete()
    result = []
    for programme_id, (index, programme, subject) in wanted.items():
        draft = existing.get(programme_id) or ConsultationDraft(
            consultation=consultation, programme=programme
        )
        draft.resolution_subject = subject.strip() or default_resolution_subject(programme)
        draft.position = index
        draft.save()
        result.append(draft)
    consultation_changed(consultation.pk)
    return result


def _check_submission(submission: Submission) -> None:
    if submission.draft.consultation_id != submission.consultation_id:
        raise ValidationError(
            {"draft": _("Choose one of the drafts of this consultation.")}
        )
    if submission.not_considered and not submission.is_late:
        raise ValidationError(
            {
                "not_considered": _(
                    "Only an opinion received after the end date (%(end)s) may be left "
                    "unconsidered."
                )
                % {"end": submission.consultation.end_date.strftime("%d.%m.%Y")}
            }
        )


def _mark_proposals_not_considered(submission: Submission) -> None:
    """An unconsidered opinion's proposals are all "not considered", without final wording."""
    submission.proposals.update(
        outcome=Proposal.Outcome.NOT_CONSIDERED, final_wording=""
    )


@transaction.atomic
def submission_record(
    *,
    consultation: Consultation,
    draft: ConsultationDraft,
    received_on: date,
    channel: str,
    organisation: Organisation | None = None,
    new_organisation_name: str = "",
    not_considered: bool = False,
    remarks: str = "",
) -> Submission:
    """Record an opinion received from an organisation of the register or a new one.

    A new organisation is added to the register (as an NGO) unless one of that name (or alias)
    exists already, which is then used.
    """
    if organisation is None:
        name = " ".join(new_organisation_name.split())
        if not name:
            raise ValidationError(
                {"organisation": _("Choose an organisation or type the name of a new one.")}
            )
        organisation = _find_or_create_organisation(name)
    submission = Submission(
        consultation=consultation,
        draft=draft,
        organisation=organisation,
        received_on=received_on,
        channel=channel,
        not_considered=not_considered,
        remarks=remarks,
    )
    _check_submission(submission)
    submission.save()
    consultation_changed(submission.consultation_id)
    return submission


def _find_or_create_organisation(name: str) -> Organisation:
    key = name.casefold()
    for organisation in Organisation.objects.only("pk", "name", "short_name", "aliases"):
        names = [organisation.name, organisation.short_name, *organisation.aliases]
        if any(" ".join(n.split()).casefold() == key for n in names if n):
            return organisation
    return Organisation.objects.create(name=name, kind=Organisation.Kind.NGO)


@transaction.atomic
def submission_update(*, submission: Submission, **fields) -> Submission:
    """Change a recorded submission; leaving it unconsidered marks its proposals so too."""
    for name, value in fields.items():
        setattr(submission, name, value)
    _check_submission(submission)
    submission.save()
    if submission.not_considered:
        _mark_proposals_not_considered(submission)
    consultation_changed(submission.consultation_id)
    return submission


def _check_proposal(proposal: Proposal) -> None:
    submission = proposal.submission
    if proposal.objective_id is not None:
        programme_id = (
            Objective.objects.filter(pk=proposal.objective_id)
            .values_list("programme_id", flat=True)
            .first()
        )
        if programme_id != submission.draft.programme_id:
            raise ValidationError(
                {"objective": _("Choose a part of the draft this submission is about.")}
            )
    if proposal.programme_section and proposal.programme_section not in Programme.TEXT_SECTIONS:
        raise ValidationError(
            {"programme_section": _("Choose a section of the draft programme.")}
        )
    if submission.not_considered and proposal.outcome != Proposal.Outcome.NOT_CONSIDERED:
        raise ValidationError(
            {"outcome": _("The submission is not considered, so neither are its proposals.")}
        )
    if proposal.outcome in (Proposal.Outcome.REJECTED, Proposal.Outcome.NOT_CONSIDERED):
        if proposal.final_wording.strip():
            raise ValidationError(
                {
                    "final_wording": _(
                        "A rejected or unconsidered proposal changes nothing: leave the final "
                        "wording empty."
                    )
                }
            )
    needs_reasoning = (Proposal.Outcome.PARTIALLY_ACCEPTED, Proposal.Outcome.REJECTED)
    if proposal.outcome in needs_reasoning and not proposal.reasoning.strip():
        raise ValidationError(
            {"reasoning": _("Give the reasoning for a rejected or partially accepted proposal.")}
        )


OUTCOME_FIELDS = ("outcome", "reasoning", "final_wording")


def _outcome(proposal: Proposal) -> dict:
    return {name: getattr(proposal, name) for name in OUTCOME_FIELDS}


def record_outcome_change(trail: AuditTrail, proposal: Proposal, before: dict) -> None:
    """An audit event when the proposal's outcome changed (with whatever of its reasoning and
    final wording changed along); nothing otherwise."""
    after = _outcome(proposal)
    before = {name: before.get(name) or "" for name in OUTCOME_FIELDS}  # a new one: undecided
    if after["outcome"] == before["outcome"]:
        return
    changed = [name for name in OUTCOME_FIELDS if after[name] != before[name]]
    trail.add(
        AuditEvent.Action.CONSULTATION_OUTCOME_CHANGED,
        obj=proposal,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )


@transaction.atomic
def proposal_save(*, proposal: Proposal, user=None) -> Proposal:
    """Create or update a proposal after checking it against its submission."""
    if proposal.pk is None and proposal.submission.not_considered:
        proposal.outcome = Proposal.Outcome.NOT_CONSIDERED
    if proposal.pk is None and not proposal.position:
        proposal.position = proposal.submission.proposals.count() + 1
    _check_proposal(proposal)
    stored = Proposal.objects.filter(pk=proposal.pk).values(*OUTCOME_FIELDS).first()
    proposal.save()
    trail = AuditTrail(user=user)
    record_outcome_change(trail, proposal, stored or {})
    trail.save()
    consultation_changed(proposal.submission.consultation_id)
    return proposal


@transaction.atomic
def proposal_outcomes_save(*, decisions: list[tuple[Proposal, dict]], user=None) -> int:
    """Save the outcomes of many proposals at once; all or nothing.

    ``decisions`` pairs a proposal with ``{"outcome", "reasoning", "final_wording"}``. Every
    proposal is checked before anything is written; the first error (raised as a
    ``ValidationError`` whose message names the proposal) leaves the database unchanged.
    Returns the number of proposals changed.
    """
    changed = []
    trail = AuditTrail(user=user)
    for proposal, data in decisions:
        stored = _outcome(proposal)
        before = (proposal.outcome, proposal.reasoning, proposal.final_wording)
        proposal.outcome = data.get("outcome", proposal.outcome) or ""
        proposal.reasoning = data.get("reasoning", proposal.reasoning) or ""
        proposal.final_wording = data.get("final_wording", proposal.final_wording) or ""
        if (proposal.outcome, proposal.reasoning, proposal.final_wording) == before:
            continue
        try:
            _check_proposal(proposal)
        except ValidationError as error:
            raise ValidationError(
                {
                    field: [
                        _("Proposal %(number)s of %(organisation)s: %(message)s")
                        % {
                            "number": proposal.position or proposal.pk,
                            "organisation": proposal.submission.organisation,
                            "message": message,
                        }
                        for message in messages
                    ]
                    for field, messages in error.message_dict.items()
                }
            ) from error
        changed.append(proposal)
        record_outcome_change(trail, proposal, stored)
    Proposal.objects.bulk_update(changed, ["outcome", "reasoning", "final_wording"])
    trail.save()
    for consultation_id in {proposal.submission.consultation_id for proposal in changed}:
        consultation_changed(consultation_id)
    return len(changed)


@transaction.atomic
def consultation_publish_report(*, consultation: Consultation, report_date: date | None = None):
    """Publish the consultation's report; every proposal must have been decided.

    The consultation must have ended; the report's date defaults to today.
    """
    today = timezone.localdate()
    if consultation.end_date >= today and consultation.status != Consultation.Status.CLOSED:
        raise ValidationError(_("The consultation has not ended yet."))
    undecided = Proposal.objects.filter(
        submission__consultation=consultation, outcome=Proposal.Outcome.UNDECIDED
    ).count()
    if undecided:
        raise ValidationError(
            _("Decide every proposal before publishing the report (%(count)d undecided).")
            % {"count": undecided}
        )
    consultation.status = Consultation.Status.REPORT_PUBLISHED
    consultation.report_date = report_date or consultation.report_date or today
    consultation.report_published_at = timezone.now()
    consultation.save(update_fields=["status", "report_date", "report_published_at"])
    return consultation


@transaction.atomic
def consultation_withdraw_report(*, consultation: Consultation) -> Consultation:
    """Take a published report back (to correct it); the consultation returns to "closed"."""
    consultation.status = Consultation.Status.CLOSED
    consultation.report_published_at = None
    consultation.save(update_fields=["status", "report_published_at"])
    return consultation


# How long a published report's fingerprint is trusted besides its version: what the report
# borrows from elsewhere (an organisation's or a programme's name, the instance's city) reaches
# the PDF within this time. Its own contents reach it at once (``content_version``).
REPORT_FINGERPRINT_SECONDS = 600


def _report_fingerprint(consultation: Consultation) -> str:
    def compute() -> str:
        return pdf_fingerprint(report_html(consultation, for_pdf=True))

    published_at = consultation.report_published_at
    if consultation.status != Consultation.Status.REPORT_PUBLISHED or published_at is None:
        return compute()  # staff previewing a report still being written: always current
    key = (f"consultation-report:v2:{consultation.pk}:{consultation.content_version}:"
           f"{published_at.isoformat()}")
    fingerprint = cache.get(key)
    if fingerprint is None:
        fingerprint = compute()
        cache.set(key, fingerprint, REPORT_FINGERPRINT_SECONDS)
    return fingerprint


def consultation_report_file(*, consultation: Consultation) -> RenderedConsultationReport:
    """The report's PDF for the current data: the kept file when it is ready, otherwise the
    pending (or failed) record of a render requested now in the background — unless one is
    under way. A published report's fingerprint is kept in the cache by its publication and
    its ``content_version`` (any change of the consultation's own data makes a new key), so a
    download of it is one lookup, like the yearly report's; otherwise one HTML build (a few
    queries). Never a PDF render."""
    fingerprint = _report_fingerprint(consultation)
    rendered = RenderedConsultationReport.objects.filter(
        consultation=consultation, fingerprint=fingerprint
    ).first()
    if rendered is not None and (rendered.is_ready or rendered.is_failed):
        return rendered
    if rendered is not None and not rendered.is_lost():
        return rendered
    if rendered is None:
        try:
            with transaction.atomic():
                rendered = RenderedConsultationReport.objects.create(
                    consultation=consultation, fingerprint=fingerprint
                )
        except IntegrityError:  # another request asked a moment ago
            return RenderedConsultationReport.objects.get(
                consultation=consultation, fingerprint=fingerprint
            )
    else:
        RenderedConsultationReport.objects.filter(pk=rendered.pk).update(
            requested_at=timezone.now()
        )
    request_render(render_consultation_report_task, consultation.pk)
    rendered.refresh_from_db()
    return rendered


def consultation_report_retry(*, rendered: RenderedConsultationReport) -> None:
    """Ask again for a render that failed."""
    RenderedConsultationReport.objects.filter(pk=rendered.pk).update(
        status=RenderedConsultationReport.Status.PENDING, error="", requested_at=timezone.now()
    )
    request_render(render_consultation_report_task, rendered.consultation_id)
