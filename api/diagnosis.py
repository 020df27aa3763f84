"""The API's diagnosis (``/api/v1/diagnosis-tables/``): each programme's diagnosis tables with
their rows and every row's values by year, read-only.

Kept in one module (serializers, filter, view set) as the diagnosis is one small read. Who sees
what is the web pages' rule: the tables of the programmes ``programs.access.visible_programmes``
shows the user (drafts only for staff and data-entry users); of each row the document's years,
and of the values organisations entered those ``indicators.diagnosis_access`` lets the user read
(the public: published years). A list runs a fixed number of queries.
"""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from indicators.diagnosis import row_values
from indicators.diagnosis_access import entered_value_visibility
from programs import access as programs_access
from programs.models import DiagnosisRow, DiagnosisTable, DiagnosisValue

h = _  # help texts: translated in the schema's language


class DiagnosisValueSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=h("Year the value is for."))
    number = serializers.CharField(
        allow_null=True, help_text=h("The number (decimal as a string); null for text."))
    text = serializers.CharField(help_text=h("The value as text, when it is not a number."))
    footnote_mark = serializers.CharField(help_text=h("Printed after the value, e.g. “*”."))
    entered = serializers.BooleanField(
        help_text=h("True: entered by the reporting organisation for a reporting year; false: "
                    "from the programme's document."))


class DiagnosisRowSerializer(serializers.ModelSerializer):
    reporting_organisation = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text=h("Identifier of the organisation that reports the row each year, if any."))
    values = serializers.SerializerMethodField(
        help_text=h("The row's values by year, oldest first."))

    class Meta:
        model = DiagnosisRow
        fields = ["id", "position", "label", "unit", "value_kind", "source", "monitored_yearly",
                  "reporting_organisation", "values"]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the diagnosis row.")},
            "position": {"help_text": h("Position of the row in its table.")},
            "label": {"help_text": h("What the row counts.")},
            "unit": {"help_text": h("Unit: persons, families, PLN, %…; empty for none.")},
            "value_kind": {"help_text": h("Whole number, decimal, amount, percentage or text.")},
            "source": {"help_text": h("Source of the row's data, if it has its own.")},
            "monitored_yearly": {
                "help_text": h("True: its organisation enters the value every reporting year.")},
        }

    @staticmethod
    def _visibility(context, programme):
        cache = context.setdefault("diagnosis_visibility", {})
        if programme.pk not in cache:
            cache[programme.pk] = entered_value_visibility(context["request"].user, programme)
        return cache[programme.pk]

    @extend_schema_field(DiagnosisValueSerializer(many=True))
    def get_values(self, row) -> list[dict]:
        visible = self._visibility(self.context, row.table.programme)
        return [
            {"year": year, "number": entry.get("number") if entry.get("number") not in ("", None)
             else None, "text": entry.get("text", ""),
             "footnote_mark": entry.get("footnote_mark", ""),
             "entered": bool(entry.get("entered"))}
            for year, entry in row_values(row, visible).items()
        ]


class DiagnosisTableSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=h("Slug of the programme."))
    rows = serializers.SerializerMethodField(help_text=h("The table's rows in order."))

    class Meta:
        model = DiagnosisTable
        fields = ["id", "programme", "position", "number", "title", "source", "footnotes",
                  "rows"]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the diagnosis table.")},
            "position": {"help_text": h("Position of the table in the programme's diagnosis.")},
            "number": {"help_text": h("Number in the document, e.g. “Tabela Nr 1”.")},
            "title": {"help_text": h("Title of the table.")},
            "source": {"help_text": h("Source of the data.")},
            "footnotes": {"help_text": h("Footnotes printed under the table.")},
        }

    @extend_schema_field(DiagnosisRowSerializer(many=True))
    def get_rows(self, table) -> list[dict]:
        rows = list(table.rows.all())
        for row in rows:
            row.table = table
        return DiagnosisRowSerializer(rows, many=True, context=self.context).data


class DiagnosisTableFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="programme__slug", help_text=_("Slug of the programme."))

    class Meta:
        model = DiagnosisTable
        fields = ["programme"]


@extend_schema_view(
    list=extend_schema(
        summary=_("Diagnosis tables"),
        description=_(
            "Each programme's diagnosis: statistics of past years (rows × years, source, "
            "footnotes) outside the goal tree. Values entered by organisations for rows "
            "monitored yearly are shown as on the web pages: to the public once their year is "
            "published."),
    ),
    retrieve=extend_schema(summary=_("One diagnosis table")),
)
class DiagnosisTableViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DiagnosisTableSerializer
    filterset_class = DiagnosisTableFilter

    def get_queryset(self):
        rows = DiagnosisRow.objects.order_by("position", "pk").prefetch_related(
            Prefetch("entered_values", queryset=DiagnosisValue.objects.order_by("year")))
        return (
            DiagnosisTable.objects.filter(
                programme__in=programs_access.visible_programmes(self.request.user))
            .select_related("programme")
            .prefetch_related("programme__reporting_years", Prefetch("rows", queryset=rows))
            .order_by("programme__slug", "position", "pk")
        )
