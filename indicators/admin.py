from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, IndicatorValue


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ("year", "number", "text", "no_data", "no_data_reason", "footnote_mark", "remarks",
              "state")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "objective", "unit", "value_kind", "direction", "target_value",
                    "reporting_organisation")
    list_filter = ("objective__programme", "unit", "value_kind", "direction",
                   "reporting_organisation")
    search_fields = ("name", "objective__code", "objective__title")
    ordering = ("objective__programme", "objective__sort_key", "position")
    autocomplete_fields = ("objective", "reporting_organisation")
    list_select_related = ("objective", "reporting_organisation")
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "year", "number", "text", "no_data", "state")
    list_filter = ("year", "state", "no_data", "indicator__objective__programme")
    search_fields = ("indicator__name", "indicator__objective__code", "remarks")
    autocomplete_fields = ("indicator",)
    list_select_related = ("indicator",)
