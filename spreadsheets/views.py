"""Pages of the spreadsheet imports and the downloads of templates, exports and value sheets.

Thin views: the access helpers (``programs.access``, ``indicators.access``) find the objects and
refuse the wrong roles, ``spreadsheets.services`` reads the files and writes through the other
apps' services.
"""

import logging
from contextlib import nullcontext

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from accounts import roles
from indicators import access
from lib.database import WriteFailed, guarded_write
from lib.xlsxfile import XLSX_CONTENT_TYPE
from programs import access as programs_access
from programs.models import Programme
from spreadsheets import services
from spreadsheets.files import SpreadsheetError
from spreadsheets.forms import SpreadsheetUploadForm
from spreadsheets.models import PendingUpload
from spreadsheets.programme_sheets import EXAMPLE_SLUG, column_help, programme_workbook
from spreadsheets.value_sheets import sheet_filename, value_sheet

logger = logging.getLogger(__name__)

# A file cannot be put back into the browser's upload field: when the database cannot even keep
# it, the user has to send it again.
UPLOAD_NOT_KEPT = _lazy(
    "The database could not keep the file just now, so nothing was saved. Send the file again "
    "in a moment."
)


def _max_upload_mb() -> str:
    return f"{settings.MAX_UPLOAD_SIZE / (1024 * 1024):g}".replace(".", ",")


def _upload_form(request) -> SpreadsheetUploadForm:
    # Bound on every POST, also an empty one (a missing file is an error, not a fresh form).
    if request.method == "POST":
        return SpreadsheetUploadForm(request.POST, request.FILES)
    return SpreadsheetUploadForm()


# On the pages of a kept file there is nothing to type again: the file waits on the server.
PREVIEW_FAILED = _lazy(
    "The database could not prepare the preview just now; nothing was saved. Try again in a "
    "moment."
)
APPLY_FAILED = _lazy(
    "The database could not apply the file just now, so nothing was saved. The file is kept: "
    "confirm again in a moment."
)


def _keep_upload(request, form, **fields):
    """Keep an uploaded file for its preview page; ``None`` (and the reason on the form) when
    the database cannot store it."""
    try:
        with guarded_write():
            return services.pending_store(user=request.user, **fields)
    except WriteFailed:
        form.add_file_errors([UPLOAD_NOT_KEPT])
        return None


def _pending_unavailable(request, pending):
    """The page of a kept file whose preview the database cannot run just now: the file stays,
    the user tries again or discards it."""
    if pending.kind == PendingUpload.Kind.PROGRAMME:
        back_url = reverse("spreadsheets:programme_import")
        back_label = _("Import from a spreadsheet")
    else:
        back_url = reverse("spreadsheets:value_upload", args=[
            pending.reporting_year.programme.slug, pending.reporting_year.year])
        back_label = _("Upload a value sheet")
    response = render(request, "spreadsheets/pending_unavailable.html", {
        "pending": pending, "message": PREVIEW_FAILED, "back_url": back_url,
        "back_label": back_label,
    }, status=503)
    response["Retry-After"] = "5"
    return response


def _discard(request, pending, *, back_url: str):
    try:
        with guarded_write():
            services.pending_discard(pending=pending)
    except WriteFailed as error:
        messages.error(request, error.messages[0])
        return redirect(request.path)
    messages.info(request, _("The file was discarded; nothing was saved from it."))
    return redirect(back_url)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- programme set-up ---------------------------------------------------------------------


@login_required
@require_GET
def programme_template(request):
    roles.require_coordinator(request.user)
    return _xlsx(programme_workbook(), "szablon-programu.xlsx")


@login_required
@require_GET
def programme_example(request):
    roles.require_coordinator(request.user)
    programme = get_object_or_404(Programme, slug=EXAMPLE_SLUG)
    return _xlsx(programme_workbook(programme), f"przyklad-{programme.slug}.xlsx")


@login_required
@require_GET
def programme_export(request, slug):
    roles.require_staff_reader(request.user)
    programme = programs_access.get_programme_for_user(request.user, slug)
    return _xlsx(programme_workbook(programme), f"{programme.slug}.xlsx")


def _import_page(request, form, status=200):
    return render(request, "spreadsheets/programme_import.html", {
        "form": form,
        "help": column_help(),
        "example_available": Programme.objects.filter(slug=EXAMPLE_SLUG).exists(),
        "max_upload_mb": _max_upload_mb(),
    }, status=status)


@login_required
def programme_import(request):
    """Upload a programme set-up file; a good one is kept and its preview shown."""
    roles.require_coordinator(request.user)
    form = _upload_form(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            services.programme_preview(content=content, filename=upload.name)
        except SpreadsheetError as error:
            form.add_file_errors(error.messages)
        except DatabaseError as error:
            # Not the file's fault: it is kept, and its page runs the preview again.
            logger.warning("Programme import preview failed in the database: %s", error)
        if not form.errors:
            pending = _keep_upload(request, form, kind=PendingUpload.Kind.PROGRAMME,
                                   filename=upload.name, content=content)
            if pending is not None:
                return redirect("spreadsheets:programme_import_confirm", token=pending.token)
    return _import_page(request, form, status=400 if form.errors else 200)


@login_required
def programme_import_confirm(request, token):
    """The preview of a kept file (GET), its import or its discarding (POST). The file is kept
    until it is imported or discarded, whatever goes wrong meanwhile."""
    roles.require_coordinator(request.user)
    pending = services.pending_get(user=request.user, token=token,
                                   kind=PendingUpload.Kind.PROGRAMME)
    back_url = reverse("spreadsheets:programme_import")
    if request.method == "POST" and "discard" in request.POST:
        return _discard(request, pending, back_url=back_url)
    content = bytes(pending.content)
    # The user's answers to the organisation matches the preview asks about.
    answers = {key: value for key, value in request.POST.items()
               if key.startswith("organisation-")}
    unanswered_error = ""
    recheck = request.method == "POST" and "recheck" in request.POST
    try:
        if request.method == "POST" and not recheck:
            # The file goes with the import it made: a failure keeps both as they were.
            with guarded_write(), transaction.atomic():
                programme, stats, _preview = services.programme_import(
                    user=request.user, content=content, filename=pending.filename,
                    answers=answers, require_answers=True)
                services.pending_discard(pending=pending)
        else:
            with guarded_write():
                preview = services.programme_preview(content=content, filename=pending.filename,
                                                     answers=answers)
    except services.UnansweredMatches as unanswered:
        # Nothing was imported: the preview again, asking what is still to be confirmed.
        preview, recheck = unanswered.preview, True
        unanswered_error = _("Say for every organisation below whether it is the known one or a "
                             "new one; nothing has been imported yet.")
    except SpreadsheetError as error:
        form = SpreadsheetUploadForm()
        form.add_file_errors(error.messages)
        return _import_page(request, form, status=400)
    except WriteFailed:
        if request.method == "POST" and not recheck:
            messages.error(request, APPLY_FAILED)
            return redirect(request.path)  # the preview again, with its confirm button
        return _pending_unavailable(request, pending)
    if request.method == "POST" and not recheck:
        if stats.changed:
            messages.success(request, _("The programme was imported: %(created)d records "
                                        "created, %(updated)d changed, %(unchanged)d unchanged.")
                             % {"created": stats.created, "updated": stats.updated,
                                "unchanged": stats.unchanged})
        else:
            messages.info(request, _("The file matches the programme exactly: nothing changed."))
        return redirect(programme.get_absolute_url())
    return render(request, "spreadsheets/programme_preview.html", {
        "preview": preview, "pending": pending, "programme": preview.data["programme"],
        "unanswered_error": unanswered_error, "NEW": services.NEW,
    }, status=400 if unanswered_error else 200)


# --- value sheets -------------------------------------------------------------------------


def _entry_url(user, reporting_year, organisation) -> str:
    url = reverse("value_entry", args=[reporting_year.programme.slug, reporting_year.year])
    return f"{url}?organisation={organisation.pk}" if roles.is_staff_reader(user) else url


@login_required
@require_GET
def value_sheet_download(request, slug, year):
    """The organisation's indicators of the year as an XLSX to fill offline."""
    reporting_year = access.get_entry_year_for_user(request.user, slug, year)
    organisation = access.get_entry_organisation(request.user, request.GET.get("organisation"))
    content = value_sheet(user=request.user, reporting_year=reporting_year,
                          organisation=organisation)
    return _xlsx(content, sheet_filename(reporting_year, organisation))


def _upload_page(request, reporting_year, form, status=200):
    organisation = None
    if not roles.is_coordinator(request.user):
        organisation = request.user.organisation
    return render(request, "spreadsheets/value_upload.html", {
        "reporting_year": reporting_year, "programme": reporting_year.programme,
        "form": form, "organisation": organisation, "max_upload_mb": _max_upload_mb(),
    }, status=status)


@login_required
def value_sheet_upload(request, slug, year):
    reporting_year = access.get_entry_year_for_user(request.user, slug, year)
    form = _upload_form(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        organisation = None
        try:
            organisation = services.value_sheet_apply(
                user=request.user, reporting_year=reporting_year, content=content,
                filename=upload.name, dry_run=True,
            ).organisation
        except SpreadsheetError as error:
            form.add_file_errors(error.messages)
        except DatabaseError as error:
            # Not the file's fault: it is kept, and its page runs the preview again.
            logger.warning("Value sheet preview failed in the database: %s", error)
        if not form.errors:
            pending = _keep_upload(request, form, kind=PendingUpload.Kind.VALUES,
                                   filename=upload.name, content=content,
                                   reporting_year=reporting_year, organisation=organisation)
            if pending is not None:
                return redirect("spreadsheets:value_upload_confirm", slug=slug, year=year,
                                token=pending.token)
    return _upload_page(request, reporting_year, form, status=400 if form.errors else 200)


@login_required
def value_sheet_confirm(request, slug, year, token):
    """The preview of a kept value sheet (GET: a rolled-back run of the save), its application
    or its discarding (POST). The file is kept until it is applied or discarded, whatever goes
    wrong meanwhile."""
    reporting_year = access.get_entry_year_for_user(request.user, slug, year)
    pending = services.pending_get(user=request.user, token=token,
                                   kind=PendingUpload.Kind.VALUES, reporting_year=reporting_year)
    back_url = reverse("spreadsheets:value_upload", args=[slug, year])
    if request.method == "POST" and "discard" in request.POST:
        return _discard(request, pending, back_url=back_url)
    applying = request.method == "POST"
    try:
        # The file goes with the values it saved: a failure keeps both as they were.
        with guarded_write(), transaction.atomic() if applying else nullcontext():
            outcome = services.value_sheet_apply(
                user=request.user, reporting_year=reporting_year,
                content=bytes(pending.content), filename=pending.filename, dry_run=not applying,
            )
            if outcome.applied:
                services.pending_discard(pending=pending)
    except SpreadsheetError as error:
        form = SpreadsheetUploadForm()
        form.add_file_errors(error.messages)
        return _upload_page(request, reporting_year, form, status=400)
    except WriteFailed:
        if request.method == "POST":
            messages.error(request, APPLY_FAILED)
            return redirect(request.path)  # the preview again, with its confirm button
        return _pending_unavailable(request, pending)
    if outcome.applied:
        text = ngettext("%(n)d change saved.", "%(n)d changes saved.", outcome.saved) % {
            "n": outcome.saved}
        if outcome.submit:
            text += " " + _("Values submitted for review.")
        messages.success(request, text)
        return redirect(_entry_url(request.user, reporting_year, outcome.organisation))
    return render(request, "spreadsheets/value_preview.html", {
        "reporting_year": reporting_year, "programme": reporting_year.programme,
        "outcome": outcome, "pending": pending,
        "entry_url": _entry_url(request.user, reporting_year, outcome.organisation),
    }, status=200 if outcome.ok else 400)
