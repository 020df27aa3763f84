"""The start page, a programme's page, and the pages of the yearly cycle: entry, review,
opening, locking and reopening a year, reminders.

Views are thin: access helpers find the objects (404 / 403), services do every write and check
every rule again, so the API and the spreadsheet upload cannot bypass them.
"""

import hashlib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from accounts import roles
from indicators import access, selectors
from indicators.diagnosis import diagnosis_tables
from indicators.diagnosis_access import entered_value_visibility
from indicators.diagnosis_views import SAVE_DIAGNOSIS, diagnosis_entry
from indicators.forms import (
    ReviewDecisionForm,
    ValueRowForm,
    YearLockForm,
    YearOpenForm,
    YearReopenForm,
    YearUnpublishForm,
    initial_for,
)
from indicators.history import describe_history, history_html
from indicators.inputs import ReviewDecision
from indicators.judging import Status
from indicators.models import Indicator, IndicatorValue
from indicators.parsing import ParseError, parse_number
from indicators.selectors import PREVIOUS_YEARS, year_blockers, year_progress
from indicators.services import reminders as reminder_services
from indicators.services import review as review_services
from indicators.services import values as value_services
from indicators.services import years as year_services
from indicators.tree import (
    filled_task_fields,
    programme_tree,
    task_field_text,
    task_level_names,
    task_nodes,
)
from lib.database import WriteFailed, guarded_write
from programs import access as programs_access
from programs.models import Objective, ReportingYear

State = IndicatorValue.State
# The fields of a row of the entry form are named v<indicator id>-<field>.
SENT_ROW = re.compile(r"v(\d+)-")
# How long a drawn row of the entry page is kept (a changed row has another key anyway).
ROW_CACHE_SECONDS = 60 * 60


@require_safe
def home(request):
    user = request.user
    programmes = programs_access.visible_programmes(user).with_years()
    rows = [
        (programme, programs_access.filter_years(user, programme.reporting_years.all()))
        for programme in programmes
    ]
    # Data-entry staff and coordinators see first what the open years expect of them.
    waiting = selectors.waiting_for(user)
    context = {"rows": rows, "waiting": waiting}
    if roles.is_council_member(user):
        context["new_reports"] = list(ReportingYear.objects.newly_published()[:10])
    return render(request, "programs/home.html", context)


@require_safe
def programme_detail(request, slug):
    """The programme's goal tree with every value the user may see, year by year."""
    user = request.user
    programme = programs_access.get_programme_for_user(user, slug)
    tree = programme_tree(programme, years=programs_access.value_years_visible(user, programme),
                          viewer=user)
    for root in tree:
        # Each goal's table has the columns of the years its indicators have values for: no
        # column that would be empty from top to bottom.
        root.years = sorted({year for row in root.indicator_rows() for year in row.values})
        for row in root.indicator_rows():
            row.cells = [row.values.get(year) for year in root.years]
            row.remarks = [value for value in row.cells if value is not None and value.remarks]
    # The task columns the programme fills, under its own level names.
    task_fields = filled_task_fields(tree)
    for node in task_nodes(tree):
        node.task_cells = [task_field_text(node.objective, key) for key in task_fields]
    field_labels = {key: Objective._meta.get_field(key).verbose_name for key in task_fields}
    for root in tree:  # code, task, its columns, indicator, target, the years, remarks
        root.row_width = len(root.years) + len(task_fields) + 5
    return render(
        request,
        "programs/programme_detail.html",
        {
            "programme": programme,
            "tree": tree,
            "task_label": " / ".join(task_level_names(programme, tree)) or _("Task"),
            "diagnosis": diagnosis_tables(programme,
                                          visible=entered_value_visibility(user, programme)),
            "task_columns": [field_labels[key] for key in task_fields],
            "reporting_years": programs_access.visible_years(user, programme),
        },
    )


def _entry_url(reporting_year, organisation=None) -> str:
    url = reverse("value_entry", args=[reporting_year.programme.slug, reporting_year.year])
    return f"{url}?organisation={organisation.pk}" if organisation is not None else url


@login_required
def value_entry(request, slug, year):
    """One organisation's indicators for a year: previous years beside, values to enter."""
    user = request.user
    reporting_year = programs_access.get_reporting_year_for_user(user, slug, year)
    # Staff choose the organisation on the review page (a POST without one finds none: 404).
    if (roles.is_staff_reader(user) and not request.GET.get("organisation")
            and request.method != "POST"):
        return redirect("year_review", slug=slug, year=year)
    organisation = access.get_entry_organisation(user, request.GET.get("organisation"))
    year_editable = access.can_edit_year(user, reporting_year)
    submit_errors, forms, forms_data, service_result = {}, None, None, None
    submit_fields = {}
    # The "Dane diagnozy" section is a form of its own (indicators.diagnosis_views).
    diagnosis, diagnosis_saved = diagnosis_entry(request, reporting_year, organisation)
    if diagnosis_saved:
        return redirect(_entry_url(reporting_year, _org_param(user, organisation)))
    if request.method == "POST" and SAVE_DIAGNOSIS not in request.POST:
        # The service refuses too; checking first gives a 403 before any parsing.
        if not year_editable:
            raise access.EntryClosed
        outcome = _save_entry(request, reporting_year, organisation)
        if isinstance(outcome, HttpResponse):
            return outcome
        forms_data, service_result, submit_errors, submit_fields = outcome
    groups = selectors.entry_groups(reporting_year, organisation=organisation)
    rows = [row for group in groups for row in group.rows]
    if forms_data is not None:
        # The rows again, bound to what was sent, with every error where it belongs.
        forms = [ValueRowForm(forms_data, indicator=row.indicator) for row in rows]
        for form in forms:
            form.is_valid()
            if service_result is not None:
                for field, errors in service_result.errors.get(form.indicator.pk, {}).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
                form.needs_confirmation = form.indicator.pk in service_result.needs_confirmation
    histories = history_html(rows, year)
    for index, row in enumerate(rows):
        row.form = forms[index] if forms is not None else None
        row.history_html = histories.get(row.indicator.pk, "")
        row.editable = access.can_change_value(user, reporting_year, row.value,
                                               row.locked_elsewhere)
        row.lock_message = (access.shared_lock_message(year, row.locked_elsewhere)
                            if row.locked_elsewhere else "")
        row.submit_errors = submit_errors.get(row.indicator.pk, [])
        # A submit problem is shown beside the field it concerns (the value, or the deviation
        # assessment where the row has that field), and in the summary at the top.
        beside_deviation = (submit_fields.get(row.indicator.pk) == "deviation_assessment"
                            and row.editable and reporting_year.programme.uses_deviation_assessment)
        row.deviation_problems = row.submit_errors if beside_deviation else []
        row.value_problems = [] if beside_deviation else row.submit_errors
        row.asks_reason = row.value is not None and row.value.state in (
            State.SUBMITTED, State.ACCEPTED)
    _render_rows(groups, reporting_year)
    problems = _entry_problems(groups)
    returned = [(group.objective.shown_code, row) for group in groups for row in group.rows
                if row.value is not None and row.value.state == State.RETURNED]
    counts = {"total": len(rows), "filled": sum(1 for row in rows if row.value),
              "submitted": sum(1 for row in rows if row.value and row.value.state in (
                  State.SUBMITTED, State.ACCEPTED))}
    return render(request, "indicators/entry.html", {
        "reporting_year": reporting_year,
        "programme": reporting_year.programme,
        "organisation": organisation,
        "groups": groups,
        "year_editable": year_editable and any(row.editable for row in rows),
        "previous_years": range(year - PREVIOUS_YEARS, year),
        "counts": counts,
        "overdue": reporting_year.is_overdue(),
        "general_errors": submit_errors.get(0, []),
        "problems": problems,
        "returned": returned,
        "form_action": _entry_url(reporting_year, _org_param(user, organisation)),
        "has_entry_rows": bool(rows) or bool(diagnosis["diagnosis_form"].rows),
        **diagnosis,
    })


def entry_row_key(row, objective_code: str, reporting_year) -> str:
    """The cache key of a row of the entry page as ``indicators/_entry_row.html`` shows it with
    an unbound form: a digest of everything the row template reads (the form's initial values
    come from the value), so a row is drawn again exactly when something it shows changed."""

    def value_parts(value):
        if value is None:
            return None
        return (value.pk, value.version, value.number, value.part_numbers, value.text,
                value.no_data,
                value.no_data_reason, value.footnote_mark, value.remarks, value.achieved_result,
                value.deviation_assessment, value.state, value.review_comment)

    indicator = row.indicator
    parts = (
        get_language(), reporting_year.year, reporting_year.programme.uses_deviation_assessment,
        objective_code, indicator.pk, indicator.name, indicator.unit, indicator.value_kind,
        indicator.parts, indicator.parts_summed, indicator.target_part,
        indicator.target_value, indicator.target_year, indicator.direction,
        row.judgement.status, row.editable, row.asks_reason, tuple(row.value_problems),
        tuple(row.deviation_problems),
        str(row.history_html), value_parts(row.value), tuple(row.shared_with),
        row.lock_message,
        tuple((year, value_parts(value)) for year, value in row.previous),
    )
    return "v1:entry-row:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _render_rows(groups, reporting_year) -> None:
    """Set ``row.html``: each row drawn by ``indicators/_entry_row.html``. Rows with an unbound
    form (a fresh page) are kept in the cache under ``entry_row_key``, so after a save only the
    rows that changed are drawn again — most of the page's cost for a large organisation."""
    programme = reporting_year.programme
    pending = []  # (row, its node's code, its cache key when it may be kept)
    for group in groups:
        for row in group.rows:
            code = group.objective.shown_code
            key = entry_row_key(row, code, reporting_year) if row.form is None else None
            pending.append((row, code, key))
    kept = cache.get_many([key for _row, _code, key in pending if key])
    made = {}
    for row, code, key in pending:
        html = kept.get(key) if key else None
        if html is None:
            if row.form is None:
                row.form = ValueRowForm(initial=initial_for(row.value, row.indicator),
                                        indicator=row.indicator)
            html = render_to_string("indicators/_entry_row.html", {
                "row": row, "objective_code": code, "reporting_year": reporting_year,
                "programme": programme,
            })
            if key:
                made[key] = html
        row.html = mark_safe(html)  # drawn by our own template, which escapes what it shows
    if made:
        cache.set_many(made, ROW_CACHE_SECONDS)


def _entry_problems(groups) -> list[tuple[str, str, str]]:
    """The error summary at the top of the entry page: ``(link target, row label, message)``
    for every problem of every row, in the order of the page (the GOV.UK / gov.pl pattern)."""
    problems = []
    for group in groups:
        for row in group.rows:
            label = f"{group.objective.shown_code} {row.indicator.name}".strip()
            form = row.form
            # An indicator with parts has no value field: its first part stands for it.
            value_field = "part1" if row.indicator.has_parts else "value"
            if form is not None and form.is_bound:
                for name, errors in form.errors.items():
                    shown = (name in form.fields and name not in ("version", "fingerprint")
                             and not (name == "value" and row.indicator.has_parts))
                    target = f"id_{form.prefix}-{name}" if shown and row.editable else (
                        f"id_{form.prefix}-{value_field}" if row.editable
                        else f"row-{row.indicator.pk}")
                    problems += [(target, label, str(error)) for error in errors]
            field = "deviation_assessment" if row.deviation_problems else value_field
            target = (f"id_v{row.indicator.pk}-{field}" if row.editable
                      else f"row-{row.indicator.pk}")
            problems += [(target, label, str(error)) for error in row.submit_errors]
    return problems


def _save_entry(request, reporting_year, organisation):
    """Save (and maybe submit) what the entry form sent: a redirect when it worked, otherwise
    ``(data to bind the forms to or None, the save's result or None, submit errors)`` for the
    page to show again. Reads only the rows it saves (``selectors.entry_values``)."""
    user = request.user
    data = request.POST.copy()
    after = _entry_url(reporting_year, _org_param(user, organisation))
    # Only the rows the form sent (rows shown read-only send nothing and are left alone).
    sent = {int(match.group(1)) for key in data if (match := SENT_ROW.match(key))}
    rows = [row for row in selectors.entry_values(reporting_year, organisation, indicator_ids=sent)
            if access.can_change_value(user, reporting_year, row.value)]
    forms = [ValueRowForm(data, indicator=row.indicator) for row in rows]
    # A field the form itself refuses (a NUL character, say) must not be dropped silently:
    # nothing is saved and the row shows its message, as for the service's own errors.
    if any(not form.is_valid() for form in forms):
        messages.error(request, _("Nothing was saved: correct the fields listed at the top."))
        return data, None, {}, {}
    inputs = [form.to_input() for form in forms if not form.is_untouched()]
    try:
        with guarded_write():
            result = value_services.values_save(user=user, reporting_year=reporting_year,
                                                inputs=inputs)
    except value_services.ConcurrentChange:
        messages.error(request, _("Someone saved these values at the same moment; nothing "
                                  "was saved. Check the values and save again."))
        return redirect(after)
    except WriteFailed as error:
        messages.error(request, error.messages[0])
        return data, None, {}, {}  # nothing was saved: the forms keep what was typed
    if not result.ok:
        messages.error(request, _("Nothing was saved: correct the fields listed at the top."))
        for indicator_id, current in result.conflicts.items():
            data[f"v{indicator_id}-version"] = current.version if current else 0
        return data, result, {}, {}
    # One banner that says what happened — never "0 changes saved" beside a failure.
    saved = ngettext("%(n)d change saved.", "%(n)d changes saved.",
                     result.changed_count) % {"n": result.changed_count}
    if "submit" not in request.POST:
        if result.changed_count:
            messages.success(request, saved)
        else:
            messages.info(request, _("Nothing changed: there was nothing new to save."))
        return redirect(after)
    try:
        with guarded_write():
            submitted = review_services.values_submit(
                user=user, reporting_year=reporting_year, organisation=organisation)
    except WriteFailed:
        messages.error(request, saved + " " + _(
            "The values were saved as a draft, but the database could not submit them just "
            "now: submit them again in a moment."))
        return redirect(after)
    if submitted.ok:
        messages.success(request, (saved + " " if result.changed_count else "")
                         + _("Values submitted for review."))
        return redirect(after)
    count = len(submitted.errors)
    problem = ngettext(
        "Nothing was submitted: %(n)d indicator needs attention (listed at the top).",
        "Nothing was submitted: %(n)d indicators need attention (listed at the top).",
        count) % {"n": count}
    if result.changed_count:
        problem = ngettext("%(n)d change was saved as a draft.",
                           "%(n)d changes were saved as a draft.",
                           result.changed_count) % {"n": result.changed_count} + " " + problem
    messages.error(request, problem)
    return None, None, submitted.errors, submitted.fields


def _org_param(user, organisation):
    """Staff pass the organisation in the URL; data-entry users always get their own."""
    return organisation if roles.is_staff_reader(user) else None


@login_required
def year_review(request, slug, year):
    """Completeness by organisation and the handed-in values, for the coordinator to accept or
    return (department heads read the same page without the controls). Filters live in the
    query string; decisions — one per row, and "accept selected" / "accept all submitted" — go
    to ``values_review`` in one call, so they are recorded all together or not at all."""
    user = request.user
    reporting_year = access.get_review_year_for_user(user, slug, year)
    progress = year_progress(reporting_year)
    organisation = None
    if request.GET.get("organisation"):
        organisation = access.get_entry_organisation(user, request.GET["organisation"])
    filters = selectors.ReviewFilters.from_query(request.GET)
    all_groups = selectors.entry_groups(reporting_year, organisation=organisation,
                                        submitted_only=True)
    total = sum(len(group.rows) for group in all_groups)
    groups = selectors.filter_review_groups(all_groups, filters)
    rows = [row for group in groups for row in group.rows]
    can_review = access.can_review(user, reporting_year)
    # Controls only where a decision is possible: submitted (accept / return), accepted (return).
    decidable = [row for row in rows if row.value.state in (State.SUBMITTED, State.ACCEPTED)]
    submitted_ids = [row.value.pk for row in rows if row.value.state == State.SUBMITTED]
    errors = {}
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        forms = {row.value.pk: ReviewDecisionForm(request.POST, prefix=f"r{row.value.pk}",
                                                  state=row.value.state)
                 for row in decidable}
        decisions, errors = _review_decisions(request.POST, forms, submitted_ids)
        failure = None
        if not errors and not decisions:
            messages.info(request, _("No decision was chosen: nothing was recorded."))
            return redirect(request.get_full_path())
        if not errors:
            try:
                with guarded_write():
                    errors = review_services.values_review(
                        user=user, reporting_year=reporting_year, decisions=decisions,
                        site_url=request.build_absolute_uri("/"))
            except WriteFailed as error:
                failure = error.messages[0]  # the forms keep the decisions and comments
        if not errors and failure is None:
            returned = sum(1 for decision in decisions if decision.action == "return")
            messages.success(request, _(
                "Decisions recorded: %(accepted)d accepted, %(returned)d returned.")
                % {"accepted": len(decisions) - returned, "returned": returned})
            return redirect(request.get_full_path())
        if failure and not errors:
            messages.error(request, failure)
        else:
            messages.error(request, ngettext(
                "Nothing was recorded: %(n)d row needs your attention (marked below).",
                "Nothing was recorded: %(n)d rows need your attention (marked below).",
                len(errors)) % {"n": len(errors)})
    else:
        forms = {row.value.pk: ReviewDecisionForm(prefix=f"r{row.value.pk}",
                                                  state=row.value.state,
                                                  initial={"version": row.value.version})
                 for row in decidable}
    histories = history_html(rows, year)
    for row in rows:
        row.form = forms.get(row.value.pk) if can_review else None
        row.review_error = errors.get(row.value.pk)
        row.history_html = histories.get(row.indicator.pk, "")
    selected = set(request.POST.getlist("selected")) if request.method == "POST" else set()
    for row in rows:
        row.selected = str(row.value.pk) in selected
    return render(request, "indicators/review.html", {
        "reporting_year": reporting_year,
        "programme": reporting_year.programme,
        "progress": progress,
        "organisation": organisation,
        "organisations": [row.organisation for row in progress],
        "filters": filters,
        "status_choices": Status.choices,
        "state_choices": [(state, State(state).label) for state in filters.STATES],
        "groups": groups,
        "shown": len(rows),
        "total": total,
        "submitted_count": len(submitted_ids),
        "can_review": can_review,
        "is_coordinator": roles.is_coordinator(user),
        "overdue": reporting_year.is_overdue(),
        "blockers": year_blockers(reporting_year),
        "year_history": reporting_year.history.select_related("history_user").order_by(
            "-history_date")[:20],
        "previous_years": range(year - PREVIOUS_YEARS, year),
    })


def _review_decisions(data, forms, submitted_ids):
    """The decisions a POST of the review page asks for: each row's own choice, then — for
    "accept selected" / "accept all submitted" (``bulk``) — acceptance of the chosen submitted
    rows that have no choice of their own. Returns ``(decisions, errors by value id)``."""
    errors = {
        value_id: " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
        for value_id, form in forms.items() if not form.is_valid()
    }
    if errors:
        return [], errors
    decisions = {
        value_id: ReviewDecision(value_id, form.cleaned_data["action"],
                                 form.cleaned_data["comment"], form.cleaned_data["version"])
        for value_id, form in forms.items() if form.cleaned_data["action"]
    }
    bulk = data.get("bulk")
    if bulk == "all":
        chosen = submitted_ids
    elif bulk == "selected":
        selected = set(data.getlist("selected"))
        chosen = [value_id for value_id in submitted_ids if str(value_id) in selected]
    else:
        chosen = []
    for value_id in chosen:
        if value_id not in decisions:
            form = forms[value_id]
            decisions[value_id] = ReviewDecision(value_id, "accept", form.cleaned_data["comment"],
                                                 form.cleaned_data["version"])
    return list(decisions.values()), {}


@login_required
def year_open(request, slug):
    roles.require_coordinator(request.user)
    programme = programs_access.get_programme_for_user(request.user, slug)
    form = YearOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with guarded_write():
                reporting_year = year_services.year_open(
                    user=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The year %(year)d is open for entry.")
                             % {"year": reporting_year.year})
            return redirect("year_review", slug=slug, year=reporting_year.year)
    return render(request, "indicators/year_open.html", {"programme": programme, "form": form})


@login_required
def year_lock(request, slug, year):
    roles.require_coordinator(request.user)
    reporting_year = programs_access.get_reporting_year_for_user(request.user, slug, year)
    form = YearLockForm(request.POST or None, initial={
        "conclusion": reporting_year.conclusion, "accepted_by": reporting_year.accepted_by,
        "accepted_on": reporting_year.accepted_on,
        "prepared_by": reporting_year.prepared_by_id or reporting_year.programme.coordinator_id,
        "prepared_on": reporting_year.prepared_on,
        "signatory_name": reporting_year.signatory_name,
        "signatory_title": reporting_year.signatory_title,
    })
    if request.method == "POST" and form.is_valid():
        try:
            with guarded_write():
                year_services.year_lock(user=request.user, reporting_year=reporting_year,
                                        **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The year is accepted and locked."))
            return redirect("year_review", slug=slug, year=year)
    return render(request, "indicators/year_lock.html", {
        "reporting_year": reporting_year, "programme": reporting_year.programme, "form": form,
        "blockers": year_blockers(reporting_year),
    })


@login_required
def year_publish(request, slug, year):
    """The last step of the cycle: a page that says who will see what, and its POST publishes."""
    roles.require_coordinator(request.user)
    reporting_year = programs_access.get_reporting_year_for_user(request.user, slug, year)
    error = None
    if request.method == "POST":
        try:
            with guarded_write():
                year_services.year_publish(user=request.user, reporting_year=reporting_year)
        except ValidationError as failure:  # a refusal, or WriteFailed: nothing was changed
            error = " ".join(failure.messages)
        else:
            messages.success(request, _("The report for %(year)d is published: the council and "
                                        "the public can read and download it.")
                             % {"year": year})
            return redirect("year_review", slug=slug, year=year)
    return render(request, "indicators/year_publish.html", {
        "reporting_year": reporting_year, "programme": reporting_year.programme, "error": error,
    })


def _year_step_with_reason(request, slug, year, *, form_class, service, done: str, template):
    """A coordinator's step on a locked year that needs a reason (withdraw, reopen): the form,
    the service inside ``guarded_write``, its refusals on the form, back to the review page."""
    roles.require_coordinator(request.user)
    reporting_year = programs_access.get_reporting_year_for_user(request.user, slug, year)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with guarded_write():
                service(user=request.user, reporting_year=reporting_year,
                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("year_review", slug=slug, year=year)
    return render(request, template, {
        "reporting_year": reporting_year, "programme": reporting_year.programme, "form": form,
    })


@login_required
def year_unpublish(request, slug, year):
    """Withdraw a published report, with a reason (logged)."""
    return _year_step_with_reason(
        request, slug, year, form_class=YearUnpublishForm, service=year_services.year_unpublish,
        done=_("The report is withdrawn: it is no longer public."),
        template="indicators/year_unpublish.html")


@login_required
def year_reopen(request, slug, year):
    """Reopen a locked year for corrections, with a reason (logged)."""
    return _year_step_with_reason(
        request, slug, year, form_class=YearReopenForm, service=year_services.year_reopen,
        done=_("The year is open again for corrections."),
        template="indicators/year_reopen.html")


@login_required
def reminders_send(request, slug, year):
    """A preview of who gets a reminder and what it lists (GET); the POST sends exactly the
    organisations confirmed there (only late ones, or with values returned)."""
    roles.require_coordinator(request.user)
    reporting_year = programs_access.get_reporting_year_for_user(request.user, slug, year)
    if request.method == "POST":
        chosen = [pk for pk in request.POST.getlist("organisation") if pk.isdecimal()]
        if not chosen:
            messages.info(request, _("No reminders sent: no organisation was confirmed."))
            return redirect("year_review", slug=slug, year=year)
        try:
            with guarded_write():
                sent = reminder_services.reminders_send(
                    user=request.user, reporting_year=reporting_year, organisation_ids=chosen)
        except WriteFailed as error:
            messages.error(request, error.messages[0])
            return redirect("year_review", slug=slug, year=year)
        if sent:
            messages.success(request, ngettext(
                "A reminder was sent to %(n)d organisation.",
                "Reminders were sent to %(n)d organisations.", len(sent)) % {"n": len(sent)})
        else:
            messages.info(request, _("No reminders sent: the organisations confirmed are no "
                                     "longer late and have nothing returned."))
        return redirect("year_review", slug=slug, year=year)
    return render(request, "indicators/reminders_preview.html", {
        "reporting_year": reporting_year, "programme": reporting_year.programme,
        "reminders": reminder_services.reminder_preview(reporting_year),
        "overdue": reporting_year.is_overdue(),
    })


@login_required
@require_safe
def value_history(request, slug, year, indicator_id):
    """Every change of one value: who, when, old → new, and why."""
    user = request.user
    reporting_year = programs_access.get_reporting_year_for_user(user, slug, year)
    indicator = access.get_history_indicator_for_user(user, reporting_year, indicator_id)
    records = IndicatorValue.history.filter(
        measure_id=indicator.measure_id, year=year
    ).select_related("history_user").order_by("history_date", "history_id")
    return render(request, "indicators/value_history.html", {
        "reporting_year": reporting_year, "programme": reporting_year.programme,
        "indicator": indicator,
        "entries": describe_history(list(records), indicator),
    })


@login_required
@require_GET
def value_check(request):
    """Checks a typed number as the server will (for errors as you type); JSON."""
    access.require_value_writer(request.user)
    indicator_id = request.GET.get("indicator", "")
    # Not a number (typed into the URL): 404, not a ValueError from the query (a 500).
    indicator = get_object_or_404(Indicator.objects.only("value_kind", "unit", "parts"),
                                  pk=int(indicator_id) if indicator_id.isdecimal() else 0)
    text = request.GET.get("text", "")
    if not indicator.is_numeric or not text.strip():
        return JsonResponse({"ok": True, "message": ""})
    # A part of an indicator with parts (``part``: its number from 1) is parsed with its unit.
    unit = indicator.unit
    position = request.GET.get("part", "")
    if position.isdecimal() and 1 <= int(position) <= len(indicator.part_list):
        unit = indicator.part_unit(indicator.part_list[int(position) - 1])
    try:
        parse_number(text, value_kind=indicator.value_kind, unit=unit)
    except ParseError as error:
        return JsonResponse({"ok": False, "message": error.message})
    return JsonResponse({"ok": True, "message": ""})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
