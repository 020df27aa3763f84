"""The audit log's filters, read from the URL (so a filtered view can be bookmarked)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.display import object_type_choices
from audit.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Who"),
        queryset=get_user_model().objects.order_by("username"),
        empty_label=_("everyone"),
    )
    action = django_filters.ChoiceFilter(
        label=pgettext_lazy("audit log", "Action"),
        choices=AuditEvent.Action.choices,
        empty_label=_("all actions"),
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"), choices=object_type_choices, empty_label=_("all types")
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=200)

    class Meta:
        model = AuditEvent
        fields = ["user", "action", "object_type", "date_from", "date_to", "text"]

    def filter_text(self, queryset, name, value):
        """Words in the object, the user name, the comment or the object's id."""
        return queryset.filter(
            Q(object_label__icontains=value)
            | Q(username__icontains=value)
            | Q(comment__icontains=value)
            | Q(object_id=value)
        )
