"""Explicit serializers of the API: every field named and described (for the OpenAPI schema).

Read serializers expect the querysets of ``api.views`` (related rows selected or prefetched), so a
list runs a fixed number of queries. Values are written with ``ValueWriteSerializer``, whose
fields are handed as they are to ``indicators.services.values.values_save``.
"""

from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import Consultation, ConsultationDraft
from indicators.inputs import CHANGE_REASON_MAX_LENGTH, TEXT_MAX_LENGTH
from indicators.judging import Status
from indicators.models import Indicator, IndicatorValue, Measure
from programs.models import Objective, Organisation, Programme, ReportingYear
from reports import access

h = gettext_lazy  # help texts: translated in the schema's language


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind"]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the organisation.")},
            "name": {"help_text": h("Full name.")},
            "short_name": {"help_text": h("Short name or abbreviation (may be empty).")},
            "kind": {"help_text": h("Kind of body: MOPR, City Hall department, NGO…")},
        }


class ProgrammeSerializer(serializers.ModelSerializer):
    coordinator = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text=h("Identifier of the coordinating organisation, if any."),
    )
    url = serializers.SerializerMethodField(help_text=h("The programme's page on this site."))
    open_data_csv = serializers.SerializerMethodField(
        help_text=h("Every published value of the programme as CSV (Excel, Polish settings).")
    )
    open_data_json = serializers.SerializerMethodField(
        help_text=h("Every published value of the programme as JSON.")
    )

    class Meta:
        model = Programme
        fields = [
            "slug", "kind", "title", "short_name", "first_year", "last_year", "status",
            "resolution_number", "resolution_date", "resolution_body", "coordinator",
            "main_goal", "level_names", "keep_tolerance", "url", "open_data_csv",
            "open_data_json",
        ]
        extra_kwargs = {
            "slug": {"help_text": h("Identifier of the programme in URLs and filters.")},
            "kind": {"help_text": h("Programme or strategy.")},
            "title": {"help_text": h("Full title as adopted.")},
            "short_name": {"help_text": h("Short name.")},
            "first_year": {"help_text": h("First year the programme covers.")},
            "last_year": {"help_text": h("Last year the programme covers.")},
            "status": {"help_text": h("Draft, in consultation, adopted or finished.")},
            "resolution_number": {"help_text": h("Number of the adopting resolution.")},
            "resolution_date": {"help_text": h("Date of the adopting resolution.")},
            "resolution_body": {"help_text": h("Body that adopted it (the city council).")},
            "main_goal": {"help_text": h("The programme's main goal.")},
            "level_names": {"help_text": h("Names of the goal-tree levels, from the top.")},
            "keep_tolerance": {
                "help_text": h("Tolerance (%) within which “keep at a similar level” is met.")
            },
        }

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, programme) -> str:
        return self._absolute(programme.get_absolute_url())

    def get_open_data_csv(self, programme) -> str:
        return self._absolute(reverse("open_data_csv", kwargs={"slug": programme.slug}))

    def get_open_data_json(self, programme) -> str:
        return self._absolute(reverse("open_data_json", kwargs={"slug": programme.slug}))


class ObjectiveSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=h("Slug of the programme.")
    )
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text=h("Identifier of the parent node; null at the top."),
    )
    level_name = serializers.SerializerMethodField(
        help_text=h("The programme's own name of this level (e.g. “Priorytet”).")
    )
    coordinator = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text=h("Identifier of the task coordinator organisation."),
    )
    responsible_institution = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=h("Identifier of the responsible institution.")
    )
    implementers = serializers.SerializerMethodField(
        help_text=h("Identifiers of the implementing organisations, in the programme's order.")
    )
    funding_sources = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text=h("Names of funding sources.")
    )

    class Meta:
        model = Objective
        fields = [
            "id", "programme", "parent", "code", "level", "level_name", "title", "addressees",
            "purpose", "actions", "expected_result", "period", "coordinator",
            "responsible_institution", "implementers", "funding_sources",
        ]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the goal-tree node.")},
            "code": {"help_text": h("Code such as “A.1.1” (may be empty).")},
            "level": {"help_text": h("Depth in the tree, 1 at the top.")},
            "title": {"help_text": h("Title of the goal, priority or task.")},
            "addressees": {"help_text": h("Addressees of the task.")},
            "purpose": {"help_text": h("Purpose of the task.")},
            "actions": {"help_text": h("How the task is carried out.")},
            "expected_result": {"help_text": h("Expected result.")},
            "period": {"help_text": h("Period of implementation.")},
        }

    def get_level_name(self, objective) -> str:
        return objective.level_name

    def get_implementers(self, objective) -> list[int]:
        return [link.organisation_id for link in objective.objectiveimplementer_set.all()]


class IndicatorPartSerializer(serializers.Serializer):
    """One declared part of an indicator (``Indicator.parts``)."""

    position = serializers.IntegerField(help_text=h("Number of the part, from 1."))
    label = serializers.CharField(help_text=h("Label written after the number, e.g. “osób”."))
    unit = serializers.CharField(help_text=h("Unit of the part: persons, families, …"))
    within = serializers.BooleanField(
        help_text=h("A “w tym” part: a subset of the part before it."))


class ValuePartSerializer(serializers.Serializer):
    """The number of one part in a value."""

    label = serializers.CharField(help_text=h("Label of the part, e.g. “osób”."))
    unit = serializers.CharField(help_text=h("Unit of the part."))
    number = serializers.DecimalField(
        max_digits=18, decimal_places=4, coerce_to_string=True,
        help_text=h("The part's number (decimal as a string)."))


class IndicatorSerializer(serializers.ModelSerializer):
    programme = serializers.SerializerMethodField(help_text=h("Slug of the programme."))
    objective = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=h("Identifier of the task (goal-tree node).")
    )
    objective_code = serializers.SerializerMethodField(help_text=h("Code of the task."))
    reporting_organisation = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text=h("Identifier of the organisation that reports the values."),
    )
    parts = serializers.SerializerMethodField(
        help_text=h("The named parts the indicator is counted in (empty for one number)."))

    class Meta:
        model = Indicator
        fields = [
            "id", "programme", "objective", "objective_code", "name", "unit", "value_kind",
            "target_value", "target_year", "direction", "less_is_better", "baseline_value",
            "baseline_year", "monitoring_method", "reporting_organisation", "measure", "parts",
            "parts_summed", "target_part",
        ]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the indicator (used when writing values).")},
            "name": {"help_text": h("Name of the indicator.")},
            "unit": {"help_text": h("Unit: persons, families, PLN, %…; empty for none.")},
            "value_kind": {"help_text": h("Whole number, decimal, amount, percentage or text.")},
            "target_value": {"help_text": h("Numeric target, if any (decimal as a string).")},
            "target_year": {
                "help_text": h("Year the numeric target is for; null: every year.")
            },
            "direction": {"help_text": h("Expected direction of change; empty for none.")},
            "less_is_better": {"help_text": h("The numeric target is a ceiling, not a floor.")},
            "baseline_value": {"help_text": h("Baseline that directions are judged against.")},
            "baseline_year": {"help_text": h("Year of the baseline.")},
            "monitoring_method": {"help_text": h("How the indicator is monitored.")},
            "parts_summed": {"help_text": h("The value is the sum of the parts.")},
            "target_part": {
                "help_text": h("Number of the part the target and the judging are about.")
            },
            "measure": {"read_only": True, "help_text": h(
                "Identifier of the measure the indicator counts; indicators of several "
                "programmes with one measure share its values.")},
        }

    def get_programme(self, indicator) -> str:
        return indicator.objective.programme.slug

    @extend_schema_field(IndicatorPartSerializer(many=True))
    def get_parts(self, indicator) -> list[dict]:
        return [{"position": part.position, "label": part.label,
                 "unit": indicator.part_unit(part), "within": part.within}
                for part in indicator.part_list]

    def get_objective_code(self, indicator) -> str:
        return indicator.objective.code


class MeasureSerializer(serializers.ModelSerializer):
    reporting_organisation = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text=h("Identifier of the organisation that reports the values."),
    )
    indicators = serializers.SerializerMethodField(
        help_text=h("Identifiers of the indicators (of programmes you may see) using it.")
    )
    programmes = serializers.SerializerMethodField(
        help_text=h("Slugs of the programmes whose indicators use it.")
    )

    class Meta:
        model = Measure
        fields = [
            "id", "name", "unit", "value_kind", "reporting_organisation", "definition",
            "statistics_reference", "resources_reference", "source", "indicators",
            "programmes",
        ]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the measure (the values' “measure”).")},
            "name": {"help_text": h("What is counted.")},
            "unit": {"help_text": h("Unit: persons, families, PLN, %…; empty for none.")},
            "value_kind": {"help_text": h("Whole number, decimal, amount, percentage or text.")},
            "definition": {"help_text": h("How the measure is defined.")},
            "statistics_reference": {
                "help_text": h("The row of the ministry's MRPiPS-03 report it matches.")},
            "resources_reference": {
                "help_text": h("The row of the assessment of social-assistance resources.")},
            "source": {"help_text": h("Where the numbers come from.")},
        }

    def get_indicators(self, measure) -> list[int]:
        return [indicator.pk for indicator in measure.shown_indicators]

    def get_programmes(self, measure) -> list[str]:
        return list(dict.fromkeys(
            indicator.objective.programme.slug for indicator in measure.shown_indicators))


class ValueSerializer(serializers.ModelSerializer):
    programme = serializers.SerializerMethodField(help_text=h("Slug of the programme."))
    objective_code = serializers.SerializerMethodField(help_text=h("Code of the task."))
    indicator = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text=h("Identifier of the indicator.")
    )
    indicator_name = serializers.SerializerMethodField(help_text=h("Name of the indicator."))
    unit = serializers.SerializerMethodField(help_text=h("Unit of the indicator."))
    reporting_organisation = serializers.SerializerMethodField(
        help_text=h("Identifier of the organisation that reports the indicator.")
    )
    status = serializers.SerializerMethodField(
        help_text=h(
            "Progress judged against the target: met, not met, cannot be judged, no target "
            "(the same judging as the reports and dashboards)."
        )
    )
    parts = serializers.SerializerMethodField(
        help_text=h("The number of each part of an indicator with parts; “number” is then the "
                    "part the target names, or the sum of summed parts, or the first part.")
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id", "programme", "objective_code", "indicator", "measure", "indicator_name",
            "unit", "reporting_organisation", "year", "number", "text", "no_data", "no_data_reason",
            "footnote_mark", "remarks", "achieved_result", "deviation_assessment", "state",
            "version", "entered_at", "status", "parts",
        ]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the value.")},
            "measure": {"read_only": True, "help_text": h(
                "Identifier of the measure: the value is shared by every programme whose "
                "indicator uses it.")},
            "year": {"help_text": h("Year the value is for.")},
            "number": {
                "help_text": h("The number (decimal as a string); null for text or no data.")
            },
            "text": {"help_text": h("The value of a text indicator.")},
            "no_data": {"help_text": h("True when the organisation reported “no data”.")},
            "no_data_reason": {"help_text": h("Why there is no data.")},
            "footnote_mark": {"help_text": h("Printed after the value, e.g. “*”.")},
            "remarks": {"help_text": h("Remarks (“Uwagi”).")},
            "achieved_result": {"help_text": h("Achieved result (“Osiągnięty rezultat”).")},
            "deviation_assessment": {
                "help_text": h("Assessment of the deviation and corrective plan.")
            },
            "state": {"help_text": h("Review state: draft, submitted, returned, accepted.")},
            "version": {"help_text": h("Version for optimistic locking: send it when writing.")},
            "entered_at": {"help_text": h("When the value was last entered.")},
        }

    def get_programme(self, value) -> str:
        return value.indicator.objective.programme.slug

    def get_objective_code(self, value) -> str:
        return value.indicator.objective.code

    def get_indicator_name(self, value) -> str:
        return value.indicator.name

    def get_unit(self, value) -> str:
        return value.indicator.unit

    def get_reporting_organisation(self, value) -> int | None:
        return value.indicator.reporting_organisation_id

    @extend_schema_field(ValuePartSerializer(many=True))
    def get_parts(self, value) -> list[dict]:
        indicator = value.indicator
        return [{"label": part.label, "unit": indicator.part_unit(part),
                 "number": format(number, "f")}
                for part, number in value.part_values]

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices, allow_null=True))
    def get_status(self, value):
        status = getattr(value, "judged_status", None)
        return str(status) if status is not None else None


class ReportLinksSerializer(serializers.Serializer):
    pdf = serializers.URLField(help_text=h("The report as PDF."))
    xlsx = serializers.URLField(help_text=h("The report's tables as a spreadsheet."))
    html = serializers.URLField(help_text=h("The printable HTML report."))


class ReportingYearSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=h("Slug of the programme.")
    )
    report = serializers.SerializerMethodField(
        help_text=h("Links to the yearly report, when the user may download it; else null.")
    )

    class Meta:
        model = ReportingYear
        fields = [
            "id", "programme", "year", "state", "deadline", "accepted_by", "accepted_on",
            "published_at", "report",
        ]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the reporting year.")},
            "year": {"help_text": h("The year reported.")},
            "state": {"help_text": h("Open for entry, in review, accepted or published.")},
            "deadline": {"help_text": h("Deadline for the organisations' values.")},
            "accepted_by": {"help_text": h("Who accepted the report (the Mayor).")},
            "accepted_on": {"help_text": h("Date of acceptance.")},
            "published_at": {"help_text": h("When the report was published.")},
        }

    @extend_schema_field(ReportLinksSerializer(allow_null=True))
    def get_report(self, reporting_year):
        request = self.context.get("request")
        user = request.user if request else None
        if not (reporting_year.is_published or access.can_download_draft_reports(user)):
            return None
        kwargs = {"slug": reporting_year.programme.slug, "year": reporting_year.year}
        links = {
            "pdf": reverse("reports_programme:pdf", kwargs=kwargs),
            "xlsx": reverse("reports_programme:xlsx", kwargs=kwargs),
            "html": reverse("reports_programme:html", kwargs=kwargs),
        }
        if request:
            links = {name: request.build_absolute_uri(url) for name, url in links.items()}
        return links


class ConsultationDraftSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=h("Slug of the draft programme.")
    )
    programme_title = serializers.SerializerMethodField(help_text=h("Title of the programme."))

    class Meta:
        model = ConsultationDraft
        fields = ["programme", "programme_title", "resolution_subject"]
        extra_kwargs = {
            "resolution_subject": {
                "help_text": h("Subject of the draft resolution (“w sprawie …”).")
            }
        }

    def get_programme_title(self, draft) -> str:
        return draft.programme.title


class ConsultationSerializer(serializers.ModelSerializer):
    """Public fields only: submissions and proposals are in the published report."""

    drafts = ConsultationDraftSerializer(
        many=True, read_only=True, help_text=h("The draft resolutions consulted.")
    )
    report = serializers.SerializerMethodField(
        help_text=h("Links to the consultation report once published; else null.")
    )

    class Meta:
        model = Consultation
        fields = [
            "id", "title", "reference_numbers", "status", "start_date", "end_date",
            "legal_basis", "addressees", "purpose", "announcement_channels",
            "submission_method", "submission_address", "submission_email",
            "responsible_department", "drafts", "report",
        ]
        extra_kwargs = {
            "id": {"help_text": h("Identifier of the consultation.")},
            "title": {"help_text": h("Short name of the consultation.")},
            "reference_numbers": {"help_text": h("Reference numbers of the case.")},
            "status": {"help_text": h("Planned, open, closed or report published.")},
            "start_date": {"help_text": h("First day for opinions.")},
            "end_date": {"help_text": h("Last day for opinions.")},
            "legal_basis": {"help_text": h("Legal basis of the consultation.")},
            "addressees": {"help_text": h("Who was consulted.")},
            "purpose": {"help_text": h("Purpose of the consultation.")},
            "announcement_channels": {"help_text": h("Where it was announced.")},
            "submission_method": {"help_text": h("How opinions are submitted.")},
            "submission_address": {"help_text": h("Postal address for opinions.")},
            "submission_email": {"help_text": h("E-mail address for opinions.")},
            "responsible_department": {"help_text": h("Department responsible.")},
        }

    @extend_schema_field(
        {"type": "object", "nullable": True,
         "properties": {"html": {"type": "string"}, "pdf": {"type": "string"}}}
    )
    def get_report(self, consultation):
        if not consultation.is_report_published:
            return None
        request = self.context.get("request")
        links = {
            "html": reverse("consultations:report_html", kwargs={"pk": consultation.pk}),
            "pdf": reverse("consultations:report_pdf", kwargs={"pk": consultation.pk}),
        }
        if request:
            links = {name: request.build_absolute_uri(url) for name, url in links.items()}
        return links


# --- writing values --------------------------------------------------------------------------


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "number"}],
     "description": "The value: a string as a person types it in Polish (“1 380 000,00”, "
                    "“22,36 %”), a JSON number, or the text of a text indicator. Empty (with "
                    "no_data false) clears the value."}
)
class TypedValueField(serializers.Field):
    """A string is passed as it is to the service's Polish parsing; a JSON number is written
    in the same notation (decimal comma, no grouping) so it goes through the same parsing."""

    def to_internal_value(self, data):
        if data is None:
            return ""
        if isinstance(data, bool):
            raise serializers.ValidationError(_("Enter a number or a text, not true/false."))
        if isinstance(data, int | float):
            try:
                number = Decimal(str(data))
            except InvalidOperation:
                raise serializers.ValidationError(_("Enter a number.")) from None
            if not number.is_finite():
                raise serializers.ValidationError(_("Enter a number."))
            return format(number, "f").replace(".", ",")
        if isinstance(data, str):
            return data
        raise serializers.ValidationError(_("Enter a number or a text."))

    def to_representation(self, value):
        return value


class ValueWriteSerializer(serializers.Serializer):
    """One value to save, as the data-entry form takes it."""

    indicator = serializers.IntegerField(
        min_value=1, help_text=h("Identifier of the indicator (see /api/v1/indicators/).")
    )
    year = serializers.IntegerField(
        min_value=1990, max_value=2100, help_text=h("Year of the value; must be open for entry.")
    )
    value = TypedValueField(required=False, default="", help_text=h("The value."))
    no_data = serializers.BooleanField(
        required=False, default=False, help_text=h("“No data” instead of a value.")
    )
    no_data_reason = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=TEXT_MAX_LENGTH,
        help_text=h("Why there is no data (required with no_data)."),
    )
    remarks = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=TEXT_MAX_LENGTH,
        help_text=h("Remarks."),
    )
    achieved_result = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=TEXT_MAX_LENGTH,
        help_text=h("Achieved result (programmes that use it)."),
    )
    deviation_assessment = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=TEXT_MAX_LENGTH,
        help_text=h("Assessment of the deviation and corrective plan (programmes that use it)."),
    )
    version = serializers.IntegerField(
        required=False, default=0, min_value=0,
        help_text=h("Version of the value you changed (0 when there was none). A stale "
                    "version is refused with 409 and the current value."),
    )
    confirmed = serializers.BooleanField(
        required=False, default=False,
        help_text=h("Confirms a value far from the previous year's (the typo guard)."),
    )
    change_reason = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=CHANGE_REASON_MAX_LENGTH,
        help_text=h("Reason for changing a value already submitted or accepted."),
    )
    parts = serializers.ListField(
        child=TypedValueField(), required=False, max_length=12,
        help_text=h("For an indicator with parts: the number of each part, in order (or give "
                    "them in “value” as “9 / 5”)."),
    )


class ValueBatchSerializer(serializers.Serializer):
    values = ValueWriteSerializer(
        many=True, allow_empty=False, max_length=1000,
        help_text=h("Up to 1000 values, saved all or none."),
    )


class ValueBatchResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=h("Number of values created."))
    updated = serializers.IntegerField(help_text=h("Number of values changed."))
    deleted = serializers.IntegerField(help_text=h("Number of values cleared."))
    values = ValueSerializer(
        many=True, help_text=h("The saved values, in the order sent (cleared ones left out).")
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error response (see api/exceptions.py)."""

    status = serializers.IntegerField(help_text=h("The HTTP status code."))
    code = serializers.CharField(help_text=h("A machine-readable code, e.g. “invalid”."))
    detail = serializers.CharField(help_text=h("What went wrong, in the request's language."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=h("Messages by field; nested fields dotted (“values.0.value”)."),
    )
    current = serializers.JSONField(
        required=False,
        help_text=h("On 409: the value saved meanwhile (by item position in a batch)."),
    )


