"""The dashboards' filters (django-filter), read from the query string so that a filtered view
can be bookmarked and shared.

Organisation and programme narrow the database query; goal, funding source, status and year are
applied to the loaded tree after judging (status is computed, not stored), so their ``method``
leaves the queryset as it is and the view reads them from ``form.cleaned_data``.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from indicators.judging import STATUS_SYMBOL, Status
from programs.models import FundingSource, Objective, Organisation

STATUS_CHOICES = [(status.value, f"{STATUS_SYMBOL[status]} {status.label}") for status in Status]


def _applied_after_loading(queryset, name, value):
    return queryset


def _cleaned(filterset, name):
    """The cleaned value of a filter: empty when absent, ``None`` when invalid (the form shows
    the error beside the field)."""
    filterset.form.is_valid()
    return filterset.form.cleaned_data.get(name)


class ProgrammeDashboardFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), method=_applied_after_loading, empty_label=None
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Goal"), queryset=Objective.objects.none(), method=_applied_after_loading,
        empty_label=_("all goals"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), field_name="reporting_organisation",
        queryset=Organisation.objects.none(), empty_label=_("all organisations"),
    )
    funding_source = django_filters.ModelChoiceFilter(
        label=_("Funding source"), queryset=FundingSource.objects.none(),
        method=_applied_after_loading, empty_label=_("all funding sources"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method=_applied_after_loading,
        empty_label=_("all statuses"),
    )

    def __init__(self, data=None, *args, programme, years, **kwargs):
        super().__init__(data, *args, **kwargs)
        fields = self.form.fields
        fields["year"].choices = [(year, str(year)) for year in years]
        fields["goal"].queryset = Objective.objects.filter(programme=programme, parent=None)
        fields["organisation"].queryset = Organisation.objects.filter(
            reported_indicators__objective__programme=programme
        ).distinct()
        fields["funding_source"].queryset = FundingSource.objects.filter(
            objectives__programme=programme
        ).distinct()

    value = _cleaned


class OrganisationDashboardFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=None, method="filter_programme",
        empty_label=_("all programmes"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), method=_applied_after_loading,
        empty_label=_("latest year of each programme"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method=_applied_after_loading,
        empty_label=_("all statuses"),
    )

    def __init__(self, data=None, queryset=None, *args, years=(), **kwargs):
        super().__init__(data, queryset, *args, **kwargs)
        self.form.fields["programme"].queryset = queryset
        self.form.fields["year"].choices = [(year, str(year)) for year in years]

    def filter_programme(self, queryset, name, value):
        return queryset.filter(pk=value.pk)

    value = _cleaned
