"""Consultation pages: the public list and report, and the staff pages to record and decide.

Coordinators write, department heads read (``consultations.access``); every write goes through
``consultations.services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import roles
from consultations import access, diff, services
from consultations.forms import (
    ConsultationForm,
    DraftFormSet,
    OutcomeFormSet,
    ProposalForm,
    SubmissionForm,
)
from consultations.models import Consultation, Proposal, Submission
from consultations.report import ConsultationReportHTML
from lib.database import guarded_write
from lib.rendering import rendering_page
from lib.throttle import anonymous_rate_limited


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# Public pages


@require_safe
def public_list(request):
    consultations = Consultation.objects.with_drafts().open_first()
    return render(request, "consultations/public_list.html", {"consultations": consultations})


@require_safe
def public_detail(request, pk):
    """A consultation whose report is published: every proposal, the decision and where it
    landed in the programme (the part of the goal tree, linked to its public page)."""
    consultation = access.get_consultation_report_for_user(request.user, pk)
    submissions = (
        Submission.objects.filter(consultation=consultation)
        .select_related("organisation", "draft__programme")
        .prefetch_related(Prefetch("proposals", queryset=Proposal.objects.select_related(
            "objective")))
    )
    drafts = {}
    for submission in submissions:
        drafts.setdefault(submission.draft, []).append(submission)
    return render(request, "consultations/public_detail.html", {
        "consultation": consultation, "drafts": list(drafts.items())})


@require_safe
@anonymous_rate_limited("REPORT_ANONYMOUS_RATE", "30/minute")
def report_html(request, pk):
    consultation = access.get_consultation_report_for_user(request.user, pk)
    _, content_type, content = ConsultationReportHTML(consultation).render()
    return HttpResponse(content, content_type=content_type)


@require_safe
@anonymous_rate_limited("REPORT_ANONYMOUS_RATE", "30/minute")
def report_pdf(request, pk):
    """The kept PDF; while it is rendered in the background, a page that refreshes itself."""
    consultation = access.get_consultation_report_for_user(request.user, pk)
    rendered = services.consultation_report_file(consultation=consultation)
    if rendered.is_failed and request.GET.get("retry"):
        services.consultation_report_retry(rendered=rendered)
        rendered.refresh_from_db()
    if not rendered.is_ready:
        return rendering_page(
            request, rendered, title=str(consultation), file_format="pdf", query="",
            back_url=reverse("consultations:public_list"), back_label=_("← All consultations"),
        )
    response = HttpResponse(bytes(rendered.content), content_type=rendered.content_type)
    response["Content-Disposition"] = f'inline; filename="{rendered.filename}"'
    return response


# Staff pages


@login_required
@require_safe
def manage_list(request):
    roles.require_staff_reader(request.user)
    consultations = (
        Consultation.objects.with_drafts()
        .annotate(
            submission_count=Count("submissions", distinct=True),
            undecided_count=Count(
                "submissions__proposals",
                filter=Q(submissions__proposals__outcome=Proposal.Outcome.UNDECIDED),
                distinct=True,
            ),
        )
        .open_first()
    )
    return render(request, "consultations/manage_list.html", {"consultations": consultations})


def _save_drafts(consultation, formset) -> None:
    drafts = [
        (form.cleaned_data["programme"], form.cleaned_data.get("resolution_subject", ""))
        for form in formset.forms
        if form.cleaned_data.get("programme") and not form.cleaned_data.get("DELETE")
    ]
    services.consultation_set_drafts(consultation=consultation, drafts=drafts)


def _consultation_form_page(request, consultation):
    initial = [
        {"programme": draft.programme, "resolution_subject": draft.resolution_subject}
        for draft in (consultation.drafts.select_related("programme") if consultation.pk else [])
    ]
    form = ConsultationForm(request.POST or None, instance=consultation)
    formset = DraftFormSet(request.POST or None, initial=initial, prefix="drafts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with guarded_write(), transaction.atomic():
                consultation = form.save()
                _save_drafts(consultation, formset)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The consultation has been saved."))
            return redirect(consultation)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "formset": formset, "consultation": consultation},
    )


@login_required
def consultation_create(request):
    roles.require_coordinator(request.user)
    return _consultation_form_page(request, Consultation())


@login_required
def consultation_edit(request, pk):
    consultation = access.get_consultation_record_for_staff(
        request.user, Consultation, pk, write=True
    )
    return _consultation_form_page(request, consultation)


@login_required
@require_safe
def manage_detail(request, pk):
    consultation = access.get_consultation_record_for_staff(request.user, Consultation, pk)
    submissions = (
        consultation.submissions.select_related("organisation", "draft__programme")
        .prefetch_related(Prefetch("proposals", queryset=Proposal.objects.select_related(
            "objective")))
    )
    drafts = consultation.drafts.select_related("programme")
    return render(
        request,
        "consultations/manage_detail.html",
        {
            "consultation": consultation,
            "drafts": drafts,
            "submissions": submissions,
            "can_write": roles.is_coordinator(request.user),
        },
    )


@login_required
def submission_create(request, pk):
    consultation = access.get_consultation_record_for_staff(
        request.user, Consultation, pk, write=True
    )
    if not consultation.drafts.exists():
        messages.error(request, _("Add the draft programmes to the consultation first."))
        return redirect("consultations:consultation_edit", pk=consultation.pk)
    form = SubmissionForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            with guarded_write():
                submission = services.submission_record(
                    consultation=consultation,
                    **{k: v for k, v in form.cleaned_data.items()},
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The submission has been recorded. Add its proposals."))
            return redirect("consultations:proposal_create", pk=submission.pk)
    return render(
        request,
        "consultations/submission_form.html",
        {"form": form, "consultation": consultation},
    )


@login_required
def submission_edit(request, pk):
    submission = access.get_consultation_record_for_staff(request.user, Submission, pk, write=True)
    consultation = submission.consultation
    form = SubmissionForm(request.POST or None, instance=submission, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            with guarded_write():
                services.submission_update(submission=submission, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The submission has been saved."))
            return redirect(consultation)
    return render(
        request,
        "consultations/submission_form.html",
        {"form": form, "consultation": consultation, "submission": submission},
    )


def _proposal_form_page(request, submission, proposal):
    form = ProposalForm(request.POST or None, instance=proposal, submission=submission)
    if request.method == "POST" and form.is_valid():
        try:
            with guarded_write():
                proposal = services.proposal_save(proposal=form.instance, user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The proposal has been saved."))
            if "add_another" in request.POST:
                return redirect("consultations:proposal_create", pk=submission.pk)
            return redirect("consultations:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "consultations/proposal_form.html",
        {"form": form, "submission": submission, "consultation": submission.consultation,
         "proposal": proposal},
    )


@login_required
def proposal_create(request, pk):
    submission = access.get_consultation_record_for_staff(request.user, Submission, pk, write=True)
    return _proposal_form_page(request, submission, Proposal(submission=submission))


@login_required
def proposal_edit(request, pk):
    proposal = access.get_consultation_record_for_staff(request.user, Proposal, pk, write=True)
    return _proposal_form_page(request, proposal.submission, proposal)


@login_required
@require_safe
def proposal_detail(request, pk):
    """The proposal with its current and proposed text side by side, differences marked."""
    proposal = access.get_consultation_record_for_staff(request.user, Proposal, pk)
    left, right = diff.side_by_side(proposal.current_text, proposal.proposed_text)
    removed, added = diff.change_counts(left, right)
    return render(
        request,
        "consultations/proposal_detail.html",
        {
            "proposal": proposal,
            "submission": proposal.submission,
            "consultation": proposal.submission.consultation,
            "left": left,
            "right": right,
            "removed": removed,
            "added": added,
            "can_write": roles.is_coordinator(request.user),
        },
    )


@login_required
def outcomes(request, pk):
    """All proposals of a consultation in one table, their outcomes editable at once."""
    consultation = access.get_consultation_record_for_staff(
        request.user, Consultation, pk, write=request.method == "POST"
    )
    proposals = Proposal.objects.filter(submission__consultation=consultation).select_related(
        "submission__organisation", "submission__draft__programme", "submission__consultation"
    ).order_by("submission__draft__position", "submission__organisation__name", "position", "pk")
    formset = OutcomeFormSet(request.POST or None, queryset=proposals)
    if request.method == "POST" and formset.is_valid():
        decisions = [(form.instance, form.cleaned_data) for form in formset.forms]
        try:
            with guarded_write():
                count = services.proposal_outcomes_save(decisions=decisions, user=request.user)
        except ValidationError as error:  # the service's refusals, or the database's (WriteFailed)
            formset_errors = error.messages
            return render(
                request,
                "consultations/outcomes.html",
                {"consultation": consultation, "formset": formset,
                 "save_errors": formset_errors, "can_write": True},
            )
        messages.success(request, _("Outcomes saved: %(count)d changed.") % {"count": count})
        return redirect("consultations:outcomes", pk=consultation.pk)
    return render(
        request,
        "consultations/outcomes.html",
        {"consultation": consultation, "formset": formset,
         "can_write": roles.is_coordinator(request.user)},
    )


@login_required
@require_POST
def publish_report(request, pk):
    consultation = access.get_consultation_record_for_staff(
        request.user, Consultation, pk, write=True
    )
    try:
        with guarded_write():
            services.consultation_publish_report(consultation=consultation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report has been published."))
    return redirect(consultation)


@login_required
@require_POST
def withdraw_report(request, pk):
    consultation = access.get_consultation_record_for_staff(
        request.user, Consultation, pk, write=True
    )
    try:
        with guarded_write():
            services.consultation_withdraw_report(consultation=consultation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The report has been withdrawn."))
    return redirect(consultation)
