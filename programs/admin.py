"""The admin of programmes, organisations, funding sources and reporting years (the goal tree
with its indicators inline is ``indicators.admin``). Changes of programmes and reporting years
are recorded in the audit log (``audit.admin.AuditedModelAdmin``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.admin import Audited, AuditedInline, AuditedModelAdmin
from audit.models import STRUCTURE_ACTIONS, AuditEvent
from programs.models import (
    FundingSource,
    Organisation,
    Programme,
    ReportingYear,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "email")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "aliases")


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    search_fields = ("name",)


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
class ProgrammeAdmin(AuditedModelAdmin):
    audit_actions = STRUCTURE_ACTIONS
    list_display = ("title", "short_name", "kind", "first_year", "last_year", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "short_name", "slug", "resolution_number")
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("coordinator",)
    inlines = [ReportingYearInline]
    fieldsets = (
        (None, {"fields": ("kind", "title", "short_name", "slug", "status", "main_goal")}),
        (_("Years and resolution"), {
            "fields": ("first_year", "last_year", "resolution_number", "resolution_date",
                       "resolution_body", "coordinator"),
        }),
        (_("Monitoring settings"), {
            "fields": ("level_names", "keep_tolerance", "typo_guard_factor",
                       "uses_deviation_assessment"),
        }),
    )


@admin.register(ReportingYear)
class ReportingYearAdmin(ReportingYearAudit, AuditedModelAdmin):
    list_display = ("programme", "year", "state", "deadline", "accepted_on")
    list_filter = ("state", "programme")
    search_fields = ("programme__title", "programme__short_name")
    autocomplete_fields = ("prepared_by",)
