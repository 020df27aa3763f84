"""The admin of programmes, organisations, funding sources and reporting years (the goal tree
with its indicators inline is ``indicators.admin``). Changes of programmes and reporting years
are recorded in the audit log (``audit.admin.AuditedModelAdmin``); every edit gives the
programmes it touches a new data version (``ProgrammeDataAdmin``)."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.admin import Audited, AuditedInline, AuditedModelAdmin
from audit.models import STRUCTURE_ACTIONS, AuditEvent
from programs.models import (
    DiagnosisRow,
    DiagnosisTable,
    FundingSource,
    InstanceIdentity,
    Organisation,
    Programme,
    ReportingYear,
)
from programs.services import programme_data_changed


class ProgrammeDataAdmin(AuditedModelAdmin):
    """An admin whose edits change what programmes show: after each, the programmes the edited
    objects belong to (``programme_ids``; ``None``: every programme) get a new data version, in
    the edit's transaction, as a service's change does."""

    def programme_ids(self, obj) -> set[int] | None:
        return None

    def changed_data(self, request, objects: list) -> None:
        ids: set[int] | None = set()
        for obj in objects:
            found = self.programme_ids(obj)
            if found is None:
                ids = None
                break
            ids |= found
        programmes = Programme.objects.all()
        if ids is not None:
            programmes = programmes.filter(pk__in=ids)  # a deleted programme has no data left
        programme_data_changed(programmes=list(programmes))


@admin.register(Organisation)
class OrganisationAdmin(ProgrammeDataAdmin):
    """An organisation's name is printed in any programme's reports: every programme changes."""

    list_display = ("name", "short_name", "kind", "email")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "aliases")


@admin.register(InstanceIdentity)
class InstanceIdentityAdmin(ProgrammeDataAdmin):
    """The one identity record: its list goes straight to the record (or to adding it). The
    identity is printed in every programme's reports: every programme changes."""

    fieldsets = (
        (None, {"fields": ("name", "short_name", "city", "address", "mayor_title", "logo")}),
        (_("Accessibility statement"), {
            "fields": ("accessibility_contact_person", "accessibility_contact_email",
                       "accessibility_contact_phone"),
        }),
    )

    def has_add_permission(self, request):
        return (super().has_add_permission(request)
                and not InstanceIdentity.objects.filter(pk=InstanceIdentity.SINGLETON_PK).exists())

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        if InstanceIdentity.objects.filter(pk=InstanceIdentity.SINGLETON_PK).exists():
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                    args=[InstanceIdentity.SINGLETON_PK]))
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))


@admin.register(FundingSource)
class FundingSourceAdmin(ProgrammeDataAdmin):
    list_display = ("name", "short_name", "aliases")
    search_fields = ("name", "short_name", "aliases")


Action = AuditEvent.Action


class ReportingYearAudit(Audited):
    """A reporting year's events: a change of its state is told from its other changes."""

    audit_actions = (Action.YEAR_STATE_CHANGED, Action.YEAR_CHANGED, Action.YEAR_CHANGED)

    def audit_changed_action(self, changed) -> str:
        return Action.YEAR_STATE_CHANGED if "state" in changed else Action.YEAR_CHANGED


class ReportingYearInline(ReportingYearAudit, AuditedInline, admin.TabularInline):
    model = ReportingYear
    fields = ("year", "state", "deadline", "accepted_on")
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(ProgrammeDataAdmin):
    audit_actions = STRUCTURE_ACTIONS

    def programme_ids(self, obj):
        return {obj.pk}

    list_display = ("title", "short_name", "kind", "first_year", "last_year", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "short_name", "slug", "resolution_number")
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("coordinator",)
    inlines = [ReportingYearInline]
    fieldsets = (
        (None, {"fields": ("kind", "title", "short_name", "slug", "status", "main_goal")}),
        (_("Sections of the programme"), {"fields": Programme.SECTION_FIELDS}),
        (_("Years and resolution"), {
            "fields": ("first_year", "last_year", "resolution_number", "resolution_date",
                       "resolution_body", "coordinator"),
        }),
        (_("Monitoring settings"), {
            "fields": ("level_names", "keep_tolerance", "typo_guard_factor",
                       "uses_deviation_assessment", "diagnosis_in_report"),
        }),
    )


@admin.register(ReportingYear)
class ReportingYearAdmin(ReportingYearAudit, ProgrammeDataAdmin):
    def programme_ids(self, obj):
        return {obj.programme_id}

    list_display = ("programme", "year", "state", "deadline", "accepted_on")
    list_filter = ("state", "programme")
    search_fields = ("programme__title", "programme__short_name")
    autocomplete_fields = ("prepared_by",)


class DiagnosisRowInline(AuditedInline, admin.TabularInline):
    audit_actions = STRUCTURE_ACTIONS
    model = DiagnosisRow
    extra = 0
    autocomplete_fields = ("reporting_organisation",)
    fields = ("position", "label", "unit", "value_kind", "values", "source", "monitored_yearly",
              "reporting_organisation")


@admin.register(DiagnosisTable)
class DiagnosisTableAdmin(ProgrammeDataAdmin):
    """A programme's diagnosis tables; the coordinator marks here the rows monitored yearly."""

    audit_actions = STRUCTURE_ACTIONS

    def programme_ids(self, obj):
        return {obj.programme_id}

    list_display = ("number", "title", "programme")
    list_filter = ("programme",)
    search_fields = ("number", "title", "rows__label")
    inlines = [DiagnosisRowInline]
