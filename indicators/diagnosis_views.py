"""The diagnosis's pages: the coordinator's choice of rows monitored yearly ("Diagnoza"), and
the entry page's "Dane diagnozy" section (``diagnosis_entry``, called by
``indicators.views.value_entry``).

Thin, as the other views: access helpers find the objects, the services check every rule.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators import access, diagnosis_access
from indicators.diagnosis import monitored_rows_for, tables_with_rows
from indicators.diagnosis_forms import DiagnosisEntryForm, RowMonitoringForm
from indicators.services import diagnosis as diagnosis_services
from lib.database import WriteFailed, guarded_write
from programs.models import Organisation

# The entry page's button that saves the diagnosis section (the indicators' form is apart).
SAVE_DIAGNOSIS = "save_diagnosis"


@login_required
def diagnosis_monitoring(request, slug):
    """The programme's diagnosis tables with, per row, "monitored yearly" and the organisation
    that reports it; the POST saves every row at once (``diagnosis_monitoring_set``)."""
    programme = diagnosis_access.get_monitoring_programme_for_user(request.user, slug)
    tables = list(tables_with_rows(programme))
    organisations = list(Organisation.objects.order_by("name", "pk"))
    data = request.POST if request.method == "POST" else None
    forms = {row.pk: RowMonitoringForm(data, row=row, organisations=organisations)
             for table in tables for row in table.rows.all()}
    error = None
    if request.method == "POST":
        if all(form.is_valid() for form in forms.values()):
            try:
                with guarded_write():
                    result = diagnosis_services.diagnosis_monitoring_set(
                        user=request.user, programme=programme,
                        choices=[form.to_choice() for form in forms.values()])
            except WriteFailed as failure:
                error = failure.messages[0]
            else:
                if result.ok:
                    if result.changed:
                        messages.success(request, ngettext(
                            "%(n)d diagnosis row changed.", "%(n)d diagnosis rows changed.",
                            result.changed) % {"n": result.changed})
                    else:
                        messages.info(request, _("Nothing changed: there was nothing new to "
                                                 "save."))
                    return redirect("diagnosis_monitoring", slug=slug)
                for row_id, row_errors in result.errors.items():
                    for message in row_errors:
                        forms[row_id].add_error("reporting_organisation", message)
        if error is None:
            error = _("Nothing was saved: correct the rows marked below.")
    for table in tables:
        table.row_forms = [forms[row.pk] for row in table.rows.all()]
    return render(request, "indicators/diagnosis_monitoring.html", {
        "programme": programme, "tables": tables, "error": error,
    }, status=400 if error else 200)


def diagnosis_entry(request, reporting_year, organisation) -> tuple[dict, bool]:
    """The entry page's "Dane diagnozy" section for the organisation: ``(context, saved)``.

    On a POST with ``SAVE_DIAGNOSIS`` it saves what was typed (all or nothing); ``saved`` then
    says the page may redirect. On an error the form keeps what was typed and shows each
    message beside its field. Rows not monitored yearly, or of another organisation, are never
    here (``monitored_rows_for``)."""
    user = request.user
    rows = monitored_rows_for(reporting_year, organisation)
    refusal = diagnosis_access.diagnosis_change_refusal(user, reporting_year)
    posted = request.method == "POST" and SAVE_DIAGNOSIS in request.POST
    form = DiagnosisEntryForm(request.POST if posted else None, rows=rows)
    if posted:
        if refusal is not None:
            raise access.EntryClosed(refusal)
        if form.is_valid():
            try:
                with guarded_write():
                    result = diagnosis_services.diagnosis_values_save(
                        user=user, reporting_year=reporting_year, organisation=organisation,
                        typed=form.typed())
            except WriteFailed as failure:
                form.add_error(None, failure.messages[0])
            else:
                if result.ok:
                    if result.changed:
                        messages.success(request, ngettext(
                            "%(n)d diagnosis value saved.", "%(n)d diagnosis values saved.",
                            result.changed) % {"n": result.changed})
                    else:
                        messages.info(request, _("Nothing changed: there was nothing new to "
                                                 "save."))
                    return {}, True
                form.add_row_errors(result.errors)
        messages.error(request, _("No diagnosis data was saved: correct the fields marked in "
                                  "“Diagnosis data”."))
    return {"diagnosis_form": form, "diagnosis_editable": refusal is None and bool(rows),
            "diagnosis_refusal": refusal}, False
