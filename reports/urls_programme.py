"""A programme's report downloads, under the programme's own URL (mounted at the site root)."""

from django.urls import path

from reports import views

app_name = "reports_programme"

urlpatterns = [
    path("programmes/<slug:slug>/<int:year>/report.pdf", views.report_download,
         {"file_format": "pdf"}, name="pdf"),
    path("programmes/<slug:slug>/<int:year>/report.xlsx", views.report_download,
         {"file_format": "xlsx"}, name="xlsx"),
    path("programmes/<slug:slug>/<int:year>/report/", views.report_html, name="html"),
]
