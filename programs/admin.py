"""The admin for setting up a programme by hand: the goal tree with its indicators inline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from programs.models import (
    FundingSource,
    Objective,
    ObjectiveImplementer,
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


class ReportingYearInline(admin.TabularInline):
    model = ReportingYear
    fields = ("year", "state", "deadline", "accepted_on")
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
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


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    autocomplete_fields = ("reporting_organisation",)
    fields = (
        ("name", "position"),
        ("unit", "value_kind"),
        ("target_value", "target_year", "direction", "less_is_better"),
        ("baseline_value", "baseline_year"),
        "monitoring_method",
        "reporting_organisation",
    )


class ImplementerInline(admin.TabularInline):
    model = ObjectiveImplementer
    extra = 1
    autocomplete_fields = ("organisation",)


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("code", "short_title", "level", "programme")
    list_display_links = ("code", "short_title")
    list_filter = ("programme", "level", "funding_sources")
    search_fields = ("code", "title", "indicators__name")
    ordering = ("programme", "sort_key", "position")
    autocomplete_fields = ("parent", "coordinator", "responsible_institution")
    filter_horizontal = ("funding_sources",)
    inlines = [ImplementerInline, IndicatorInline]
    list_select_related = ("programme",)
    fieldsets = (
        (None, {"fields": ("programme", "parent", "code", "title", "position")}),
        (_("Description"), {
            "classes": ("collapse",),
            "fields": ("addressees", "purpose", "actions", "expected_result", "period"),
        }),
        (_("Bodies and funding"), {
            "fields": ("coordinator", "responsible_institution", "funding_sources"),
        }),
    )

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        return obj.title if len(obj.title) <= 90 else obj.title[:88] + "…"


@admin.register(ReportingYear)
class ReportingYearAdmin(admin.ModelAdmin):
    list_display = ("programme", "year", "state", "deadline", "accepted_on")
    list_filter = ("state", "programme")
    search_fields = ("programme__title", "programme__short_name")
    autocomplete_fields = ("prepared_by",)
