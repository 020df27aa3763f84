"""The project's URL map: each app owns its URLs; this file only mounts them."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# The administration under the application's name, not "Django administration".
admin.site.site_header = _("Monitoring of social programmes: administration")
admin.site.site_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("consultations/", include("consultations.urls")),
    path("reports/", include("reports.urls")),
    path("", include("reports.urls_programme")),
    path("", include("indicators.urls")),
    path("", include("dashboards.urls")),
    path("api/", include("api.urls")),
    path("spreadsheets/", include("spreadsheets.urls")),
    path("", include("api.urls_opendata")),
    path("", include("programs.urls")),
]
