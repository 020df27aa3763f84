"""The admin for setting up a programme by hand: the goal tree with its indicators inline, and
the indicators and values themselves. Every change is recorded in the audit log."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit.admin import AuditedInline
from audit.models import STRUCTURE_ACTIONS, VALUE_ACTIONS
from indicators.formatting import format_parts
from indicators.models import Indicator, IndicatorValue, Measure
from indicators.parts import parts_from_text, parts_to_text
from programs.admin import ProgrammeDataAdmin
from programs.models import Objective, ObjectiveImplementer, ReportingYear


class PartsField(forms.CharField):
    """``Indicator.parts`` edited as one line of text ("osób (osoby); rodzin (rodziny)",
    "placówek; w tym nowoutworzone"), as the programme template writes them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 60}))
        kwargs.setdefault("label", _("parts"))
        kwargs.setdefault("help_text", _(
            "Empty for one number. Otherwise the parts' labels as the document writes them "
            "after the number, separated by semicolons, each optionally with its unit in "
            "brackets, e.g. “osób (osoby); rodzin (rodziny)”; a subset of the part before it "
            "starts with “w tym”, e.g. “placówek; w tym nowoutworzone”."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return parts_to_text(value)
        return value or ""

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return parts_from_text(super().to_python(value))

    def has_changed(self, initial, data):
        return self.to_python_safe(initial) != self.to_python_safe(data)

    def to_python_safe(self, value):
        try:
            return self.to_python(value)
        except forms.ValidationError:
            return value


INDICATOR_FIELDS = (
    ("name", "position"),
    ("unit", "value_kind"),
    ("target_value", "target_year", "direction", "less_is_better"),
    ("baseline_value", "baseline_year"),
    "parts",
    ("parts_summed", "target_part"),
    "expected_result",
    "monitoring_method",
    "reporting_organisation",
)


class IndicatorForm(forms.ModelForm):
    """The admin's indicator form: its parts as one line of text (see ``PartsField``)."""

    parts = PartsField()

    class Meta:
        model = Indicator
        fields = ("objective", *(name for item in INDICATOR_FIELDS
                                 for name in (item if isinstance(item, tuple) else (item,))))


class IndicatorInline(AuditedInline, admin.StackedInline):
    audit_actions = STRUCTURE_ACTIONS
    model = Indicator
    form = IndicatorForm
    extra = 0
    autocomplete_fields = ("reporting_organisation",)
    fields = INDICATOR_FIELDS


class ImplementerInline(admin.TabularInline):
    model = ObjectiveImplementer
    extra = 1
    autocomplete_fields = ("organisation",)


@admin.register(Objective)
class ObjectiveAdmin(ProgrammeDataAdmin):
    audit_actions = STRUCTURE_ACTIONS

    def programme_ids(self, obj):
        return {obj.programme_id}
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
        (None, {"fields": ("programme", "parent", "code", "label", "title", "position")}),
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


def _locked_years(measure_id) -> set[int]:
    """The years locked in some programme using the measure (the lock rule of shared values)."""
    return set(ReportingYear.objects.filter(
        programme__objectives__indicators__measure_id=measure_id,
        state__in=(ReportingYear.State.ACCEPTED, ReportingYear.State.PUBLISHED),
    ).values_list("year", flat=True))


def value_is_locked(value: IndicatorValue) -> bool:
    """A value of an accepted or published (locked) reporting year of any programme using its
    measure: the admin shows it, never changes it — the lock, the entry rules and the history
    go through the services (reopen the year with a reason, then correct it in data entry)."""
    return value.year in _locked_years(value.measure_id)


class IndicatorValueForm(forms.ModelForm):
    """The admin's value form (the admin supplies its fields): no value of a locked year. The
    value's measure is its indicator's."""

    def clean(self):
        cleaned = super().clean()
        indicator, year = cleaned.get("indicator"), cleaned.get("year")
        if indicator is not None and year is not None and year in _locked_years(
                indicator.measure_id):
            raise forms.ValidationError(_(
                "The year %(year)d is locked: its values are changed only after the year is "
                "reopened, in data entry.") % {"year": year})
        if indicator is not None and not self.instance.pk:
            self.instance.measure_id = indicator.measure_id
        return cleaned


class IndicatorValueInline(AuditedInline, admin.TabularInline):
    """The indicator's values, to look at: values are entered and corrected through data entry
    (the services: entry rules, locked years, history), not here."""

    audit_actions = VALUE_ACTIONS
    model = IndicatorValue
    extra = 0
    fields = ("year", "number", "shown_parts", "text", "no_data", "no_data_reason",
              "footnote_mark", "remarks", "state")
    readonly_fields = fields

    @admin.display(description=_("values of the parts"))
    def shown_parts(self, obj):
        pairs = obj.part_values if obj is not None and obj.pk else []
        return format_parts(obj.indicator, pairs) if pairs else "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(ProgrammeDataAdmin):
    audit_actions = STRUCTURE_ACTIONS

    def programme_ids(self, obj):
        return {obj.objective.programme_id}
    list_display = ("name", "objective", "unit", "value_kind", "direction", "target_value",
                    "reporting_organisation")
    list_filter = ("objective__programme", "unit", "value_kind", "direction",
                   "reporting_organisation")
    search_fields = ("name", "objective__code", "objective__title")
    ordering = ("objective__programme", "objective__sort_key", "position")
    autocomplete_fields = ("objective", "reporting_organisation")
    list_select_related = ("objective", "reporting_organisation")
    # Linked and unlinked on the register's pages (indicators.services.measures).
    readonly_fields = ("measure",)
    inlines = [IndicatorValueInline]
    form = IndicatorForm


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ProgrammeDataAdmin, SimpleHistoryAdmin):
    audit_actions = VALUE_ACTIONS

    def programme_ids(self, obj):
        return set(Indicator.objects.filter(measure_id=obj.measure_id)
                   .values_list("objective__programme_id", flat=True))
    list_display = ("indicator", "year", "number", "text", "no_data", "state")
    list_filter = ("year", "state", "no_data", "measure__indicators__objective__programme")
    search_fields = ("measure__name", "indicator__name", "indicator__objective__code",
                     "remarks")
    autocomplete_fields = ("indicator",)
    list_select_related = ("indicator", "measure")
    readonly_fields = ("measure",)
    form = IndicatorValueForm

    def has_change_permission(self, request, obj=None):
        if obj is not None and value_is_locked(obj):
            return False  # shown read-only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and value_is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Measure)
class MeasureAdmin(ProgrammeDataAdmin):
    """The register's measures: their definition and references to official statistics are
    edited here; what is counted (name, unit, kind, organisation) follows the indicator that
    made the measure, and linking is done on the register's proposals page."""

    audit_actions = STRUCTURE_ACTIONS

    def programme_ids(self, obj):
        return set(obj.indicators.values_list("objective__programme_id", flat=True))
    list_display = ("name", "unit", "reporting_organisation", "statistics_reference")
    list_filter = ("unit", "reporting_organisation")
    search_fields = ("name", "statistics_reference", "resources_reference")
    list_select_related = ("reporting_organisation",)
    readonly_fields = ("name", "unit", "value_kind", "reporting_organisation")
    fields = ("name", "unit", "value_kind", "reporting_organisation", "definition",
              "statistics_reference", "resources_reference", "source")

    def has_add_permission(self, request):
        return False  # a measure is made with its first indicator
