"""Mounted at /api/: the REST API under v1/, the OpenAPI schema, its docs and the token page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import diagnosis, pages, views

router = DefaultRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("values", views.ValueViewSet, basename="value")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("reporting-years", views.ReportingYearViewSet, basename="reporting-year")
router.register("reports", views.ReportViewSet, basename="report")
router.register("consultations", views.ConsultationViewSet, basename="consultation")
router.register("diagnosis-tables", diagnosis.DiagnosisTableViewSet, basename="diagnosis-table")

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema",
                                            template_name="api/swagger_ui.html"),
        name="api_docs",
    ),
    path("tokens/", pages.token_manage, name="api_tokens"),
    # Any other address under v1/ answers in the API's JSON error shape, not an HTML page.
    re_path(r"^v1/", views.not_found),
]
