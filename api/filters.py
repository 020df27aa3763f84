"""django-filter FilterSets of the API's lists."""

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from api.statuses import attach_statuses, shown_under
from consultations.models import Consultation
from indicators.judging import Status
from indicators.models import Indicator, IndicatorValue, Measure
from programs.models import Objective, ReportingYear


def queryset_measures(indicators):
    """The measures of these indicators, as a subquery."""
    return indicators.order_by().values("measure_id")


class IntegerFilter(django_filters.NumberFilter):
    """A whole number within bounds (django-filter's NumberFilter takes any decimal, which the
    database cannot compare with an id: 1e30 would be a server error, not a 400)."""

    field_class = forms.IntegerField


def id_filter(**kwargs):
    return IntegerFilter(min_value=1, max_value=2**63 - 1, **kwargs)


def year_filter(**kwargs):
    return IntegerFilter(min_value=0, max_value=32767, **kwargs)


def _code_prefix(field: str, code: str) -> Q:
    """The node with this code and every node below it: "A.1" gives A.1, A.1.1, A.1.2 — but not
    A.10 (codes are dotted paths)."""
    code = code.strip().rstrip(".")
    return Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering by the fields asked for, then by id, so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


class ObjectiveFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="programme__slug", help_text=_("Slug of the programme.")
    )
    code = django_filters.CharFilter(
        method="filter_code", help_text=_("Code prefix: “A.1” gives A.1 and every node below.")
    )
    level = IntegerFilter(
        min_value=0, max_value=32767, help_text=_("Depth in the goal tree (1 at the top).")
    )

    class Meta:
        model = Objective
        fields = ["programme", "code", "level"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(_code_prefix("code", value))


class IndicatorFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="objective__programme__slug", help_text=_("Slug of the programme.")
    )
    objective = django_filters.CharFilter(
        method="filter_objective",
        help_text=_("Code prefix of the task: “A.1” gives the indicators of A.1 and below."),
    )
    organisation = id_filter(
        field_name="reporting_organisation_id",
        help_text=_("Identifier of the reporting organisation."),
    )
    measure = id_filter(field_name="measure_id", help_text=_("Identifier of the measure."))
    has_target = django_filters.BooleanFilter(
        method="filter_has_target",
        help_text=_("True: indicators with a target; false: context statistics."),
    )

    class Meta:
        model = Indicator
        fields = ["programme", "objective", "organisation", "measure", "has_target"]

    def filter_objective(self, queryset, name, value):
        return queryset.filter(_code_prefix("objective__code", value))

    def filter_has_target(self, queryset, name, value):
        with_targets = Indicator.objects.with_targets().values("pk")
        return queryset.filter(pk__in=with_targets) if value else queryset.exclude(
            pk__in=with_targets
        )


class MeasureFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        method="filter_programme", help_text=_("Slug of a programme using the measure.")
    )
    organisation = id_filter(
        field_name="reporting_organisation_id",
        help_text=_("Identifier of the reporting organisation."),
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Words the name contains (any case).")
    )
    shared = django_filters.BooleanFilter(
        method="filter_shared",
        help_text=_("True: measures used by more than one programme; false: by one."),
    )

    class Meta:
        model = Measure
        fields = ["programme", "organisation", "search", "shared"]

    def filter_programme(self, queryset, name, value):
        return queryset.filter(pk__in=queryset_measures(
            Indicator.objects.filter(objective__programme__slug=value)))

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(name__icontains=word)
        return queryset

    def filter_shared(self, queryset, name, value):
        shared = (Indicator.objects.order_by().values("measure_id")
                  .annotate(n=Count("objective__programme", distinct=True))
                  .filter(n__gt=1).values("measure_id"))
        return queryset.filter(pk__in=shared) if value else queryset.exclude(pk__in=shared)


class ValueFilter(django_filters.FilterSet):
    # A value is a measure's: it belongs to every programme whose indicator uses the measure.
    programme = django_filters.CharFilter(
        method="filter_programme", help_text=_("Slug of the programme.")
    )
    year = year_filter(help_text=_("One year."))
    year_from = year_filter(
        field_name="year", lookup_expr="gte", help_text=_("From this year on (inclusive).")
    )
    year_to = year_filter(
        field_name="year", lookup_expr="lte", help_text=_("Up to this year (inclusive).")
    )
    organisation = id_filter(
        field_name="measure__reporting_organisation_id",
        help_text=_("Identifier of the reporting organisation."),
    )
    indicator = id_filter(
        method="filter_indicator", help_text=_("Identifier of the indicator.")
    )
    measure = id_filter(
        field_name="measure_id", help_text=_("Identifier of the measure.")
    )
    objective = django_filters.CharFilter(
        method="filter_objective",
        help_text=_("Code prefix of the task: “A.1” gives the values of priority A.1."),
    )
    state = django_filters.ChoiceFilter(
        choices=IndicatorValue.State.choices, help_text=_("Review state.")
    )
    # Declared last: it runs on the result of the other filters (see filter_status).
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        method="filter_status",
        help_text=_(
            "Judged progress. Worked out in Python over the values the other filters leave "
            "(two queries, whatever the page), so combine it with programme or year on large "
            "data."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(
            ("year", "year"),
            ("indicator__objective__sort_key", "code"),
            ("indicator__reporting_organisation__name", "organisation"),
            ("indicator_id", "indicator"),
            ("entered_at", "entered_at"),
        ),
        help_text=_("Order by year, code, organisation, indicator or entered_at; “-” reverses."),
    )

    class Meta:
        model = IndicatorValue
        fields = ["programme", "year", "organisation", "indicator", "measure", "objective",
                  "state"]

    def _measures(self, **condition):
        return queryset_measures(Indicator.objects.filter(**condition))

    def filter_programme(self, queryset, name, value):
        return queryset.filter(measure__in=self._measures(objective__programme__slug=value))

    def filter_indicator(self, queryset, name, value):
        return queryset.filter(measure__in=self._measures(pk=value))

    def filter_objective(self, queryset, name, value):
        indicators = Indicator.objects.filter(_code_prefix("objective__code", value))
        if programme := self.form.cleaned_data.get("programme"):
            indicators = indicators.filter(objective__programme__slug=programme)
        return queryset.filter(measure__in=queryset_measures(indicators))

    def filter_status(self, queryset, name, value):
        """The judged status depends on earlier years, so it is computed in Python by the
        judging module for the values the other filters leave, and handed back as an id list."""
        candidates = queryset.select_related("indicator__objective__programme").only(
            "pk", "year", "number", "measure_id", "indicator__direction",
            "indicator__target_value", "indicator__target_year", "indicator__less_is_better",
            "indicator__baseline_value", "indicator__baseline_year", "indicator__measure_id",
            "indicator__objective__programme__keep_tolerance",
        ).order_by()
        # Without a request, the public's view (never every number).
        user = self.request.user if self.request else AnonymousUser()
        # Judged against the target of the indicator the value is shown under.
        cleaned = self.form.cleaned_data
        judged = attach_statuses(user, shown_under(
            candidates, programme=cleaned.get("programme") or None,
            indicator=cleaned.get("indicator")))
        matching = [v.pk for v in judged if v.judged_status == value]
        # A fresh queryset on the ids alone: they come from ``queryset``, so every filter
        # (visibility included) is already in them, and SQLite plans "id IN (…thousands…)"
        # badly when it is combined with the joins and the visibility subquery again.
        fresh = queryset.model.objects.filter(pk__in=matching)
        fresh.query.select_related = queryset.query.select_related
        return fresh.order_by(*queryset.query.order_by)


class ReportingYearFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="programme__slug", help_text=_("Slug of the programme.")
    )
    state = django_filters.ChoiceFilter(
        choices=ReportingYear.State.choices, help_text=_("State of the year.")
    )
    year = year_filter(help_text=_("The year."))

    class Meta:
        model = ReportingYear
        fields = ["programme", "state", "year"]


class ConsultationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Consultation.Status.choices, help_text=_("Status of the consultation.")
    )
    programme = django_filters.CharFilter(
        field_name="drafts__programme__slug", distinct=True,
        help_text=_("Slug of a programme consulted."),
    )

    class Meta:
        model = Consultation
        fields = ["status", "programme"]
