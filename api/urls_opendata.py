"""Open-data downloads under the programme's URL (mounted at the site root before programs)."""

from django.urls import path

from api import pages

urlpatterns = [
    path("programmes/<slug:slug>/open-data.csv", pages.open_data_csv, name="open_data_csv"),
    path("programmes/<slug:slug>/open-data.json", pages.open_data_json, name="open_data_json"),
]
