"""The REST API (``/api/v1/``): read-only lists and details, and value writes.

Who sees what is decided by ``programs.access`` and ``indicators.access`` (the same helpers as
the web pages); writes go through ``indicators.services.values.values_save`` (via ``api.writes``).
Every list runs a fixed number of queries: related rows are selected or prefetched here, judged
statuses come from one query.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, schema
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from accounts import roles
from api import filters, serializers
from api.statuses import attach_statuses, shown_under
from api.writes import values_write
from consultations.models import Consultation, ConsultationDraft
from indicators import access
from indicators.models import Indicator, IndicatorValue, Measure
from programs import access as programs_access
from programs.models import Objective, ObjectiveImplementer, Organisation

ERRORS = {
    code: OpenApiResponse(serializers.ErrorSerializer, description=description)
    for code, description in {
        400: _("Invalid input; messages by field in “errors”."),
        401: _("Not logged in (send a token: “Authorization: Token …”)."),
        403: _("Not allowed: another organisation's indicator, a locked year (code "
               "“entry_closed”) or a role that does not enter values."),
        404: _("Not found, or not visible to you."),
        409: _("A stale version: someone else changed the value; “current” holds it."),
    }.items()
}


class WritesValues(BasePermission):
    """Roles that do not enter values are refused (403) before the request body is read, so
    they learn nothing from validation messages (``indicators.services`` checks again)."""

    message = _("Your role does not allow changing values.")

    def has_permission(self, request, view):
        return roles.is_value_writer(request.user)


@extend_schema_view(
    list=extend_schema(summary=_("Organisations"), description=_("Every organisation.")),
    retrieve=extend_schema(summary=_("One organisation")),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganisationSerializer
    queryset = Organisation.objects.order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary=_("Programmes"),
        description=_("Programmes and strategies you may see (drafts only for staff)."),
    ),
    retrieve=extend_schema(summary=_("One programme")),
)
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProgrammeSerializer
    lookup_field = "slug"
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        return programs_access.visible_programmes(self.request.user).order_by("-first_year", "pk")


@extend_schema_view(
    list=extend_schema(
        summary=_("Goal tree"),
        description=_(
            "Nodes of the goal trees in document order; filter by programme to get one tree "
            "(rebuild it from “parent”)."
        ),
    ),
    retrieve=extend_schema(summary=_("One goal-tree node")),
)
class ObjectiveViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ObjectiveSerializer
    filterset_class = filters.ObjectiveFilter

    def get_queryset(self):
        return (
            Objective.objects.filter(programme__in=programs_access.visible_programmes(self.request.user))
            .select_related("programme")
            .prefetch_related(
                Prefetch("objectiveimplementer_set",
                         queryset=ObjectiveImplementer.objects.order_by("position", "pk")),
                "funding_sources",
            )
            .order_by("programme__slug", "sort_key", "position", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary=_("Indicators")),
    retrieve=extend_schema(summary=_("One indicator")),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self):
        return (
            Indicator.objects.filter(
                objective__programme__in=programs_access.visible_programmes(self.request.user)
            )
            .select_related("objective__programme")
            .order_by("objective__programme__slug", "objective__sort_key", "position", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Measures"),
        description=_(
            "The register of measures: what is counted, by whom, with its definition and "
            "references to official statistics. Indicators of several programmes that use one "
            "measure share its values (filter the values by “measure”)."
        ),
    ),
    retrieve=extend_schema(summary=_("One measure")),
)
class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.MeasureSerializer
    filterset_class = filters.MeasureFilter

    def get_queryset(self):
        visible = programs_access.visible_programmes(self.request.user)
        return (
            Measure.objects.filter(pk__in=Indicator.objects.filter(
                objective__programme__in=visible).order_by().values("measure_id"))
            .prefetch_related(Prefetch(
                "indicators",
                queryset=Indicator.objects.filter(objective__programme__in=visible)
                .select_related("objective__programme").order_by("pk"),
                to_attr="shown_indicators",
            ))
            .order_by("name", "pk")
        )


class _ValueSerialization:
    """Loads values with what the serializer needs and dumps them (used by writes)."""

    def __init__(self, view):
        self.view = view

    def load(self, ids, *, indicator: int | None = None):
        by_pk = self.view.get_queryset().in_bulk(list(ids))
        values = attach_statuses(self.view.request.user,
                                 shown_under(by_pk.values(), indicator=indicator))
        return sorted(values, key=lambda value: list(ids).index(value.pk))

    def dump(self, value):
        return serializers.ValueSerializer(value, context=self.view.get_serializer_context()).data


@extend_schema_view(
    list=extend_schema(
        summary=_("Values"),
        description=_(
            "Yearly values of indicators. Anonymous users and council members see published "
            "years (and diagnosis years before a programme started); staff and data-entry "
            "users see every year, as on the web pages."
        ),
    ),
    retrieve=extend_schema(summary=_("One value")),
)
class ValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ValueSerializer
    filterset_class = filters.ValueFilter

    def get_queryset(self):
        return access.visible_values(
            self.request.user,
            IndicatorValue.objects.select_related("indicator__objective__programme").order_by(
                "indicator__objective__programme__slug", "indicator__objective__sort_key",
                "indicator__position", "indicator_id", "year",
            ),
        )

    def _shown_under(self, values):
        """A shared value under the programme's (or indicator's) own indicator the request
        filters by, judged against that indicator's target (``api.statuses.shown_under``)."""
        params = self.request.query_params
        indicator = params.get("indicator", "")
        return shown_under(values, programme=params.get("programme") or None,
                           indicator=int(indicator) if indicator.isdigit() else None)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        values = attach_statuses(request.user, self._shown_under(page))
        return self.get_paginated_response(self.get_serializer(values, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        value = attach_statuses(request.user, self._shown_under([self.get_object()]))[0]
        return Response(self.get_serializer(value).data)

    @extend_schema(
        summary=_("Save one value"),
        description=_(
            "Creates or changes the value of an indicator for a year open for entry, through "
            "the same service as the data-entry form. Send the version you started from (0 for "
            "a new value). An empty value without “no data” clears it (204)."
        ),
        request=serializers.ValueWriteSerializer,
        responses={
            200: serializers.ValueSerializer, 201: serializers.ValueSerializer,
            204: OpenApiResponse(description=_("The value was cleared.")), **ERRORS,
        },
    )
    def create(self, request, *args, **kwargs):
        incoming = serializers.ValueWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        result = values_write(user=request.user, items=[incoming.validated_data], prefix="",
                              serialize=_ValueSerialization(self))
        if result.values[0] is None:
            if result.deleted:
                return Response(status=status.HTTP_204_NO_CONTENT)
            current = self.get_queryset().filter(
                measure__indicators=incoming.validated_data["indicator"],
                year=incoming.validated_data["year"],
            ).values_list("pk", flat=True)
            if not current:  # nothing sent, nothing stored
                return Response(status=status.HTTP_204_NO_CONTENT)
            result.values[0] = current[0]
        value = _ValueSerialization(self).load(
            [result.values[0]], indicator=incoming.validated_data["indicator"])[0]
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(self.get_serializer(value).data, status=code)

    @extend_schema(
        summary=_("Save several values at once"),
        description=_(
            "Up to 1000 values, possibly of several programmes and years, saved all or none: "
            "one invalid item and nothing is saved (400, messages by item: "
            "“values.3.value”); a stale version gives 409 with the current values by item."
        ),
        request=serializers.ValueBatchSerializer,
        responses={200: serializers.ValueBatchResultSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated, WritesValues])
    def batch(self, request, *args, **kwargs):
        incoming = serializers.ValueBatchSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        items = incoming.validated_data["values"]
        serialize = _ValueSerialization(self)
        result = values_write(user=request.user, items=items, serialize=serialize)
        saved_ids = [pk for pk in result.values if pk is not None]
        return Response({
            "created": result.created,
            "updated": result.updated,
            "deleted": result.deleted,
            "values": [serialize.dump(value) for value in serialize.load(saved_ids)],
        })

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), WritesValues()]
        return super().get_permissions()


@extend_schema_view(
    list=extend_schema(
        summary=_("Reporting years"),
        description=_("Years of each programme; the public sees published ones only."),
    ),
    retrieve=extend_schema(summary=_("One reporting year")),
)
class ReportingYearViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ReportingYearSerializer
    filterset_class = filters.ReportingYearFilter

    def get_queryset(self):
        return (
            programs_access.visible_reporting_years(self.request.user)
            .select_related("programme")
            .order_by("programme__slug", "-year", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Published reports"),
        description=_("Published yearly reports with links to their PDF, XLSX and HTML."),
    ),
    retrieve=extend_schema(summary=_("One published report")),
)
class ReportViewSet(ReportingYearViewSet):
    def get_queryset(self):
        return super().get_queryset().published()


@extend_schema_view(
    list=extend_schema(
        summary=_("Consultations"),
        description=_("Public consultations of draft programmes (public fields only)."),
    ),
    retrieve=extend_schema(summary=_("One consultation")),
)
class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ConsultationSerializer
    filterset_class = filters.ConsultationFilter

    def get_queryset(self):
        return Consultation.objects.prefetch_related(
            Prefetch("drafts", queryset=ConsultationDraft.objects.select_related("programme"))
        ).order_by("-start_date", "-pk")


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@schema(None)
def not_found(request):
    """An address under /api/v1/ that names nothing: 404 in the API's error shape."""
    raise exceptions.NotFound()
