"""Open data: the catalogue and the consultations' files under /open-data/, each programme's
values under its URL (mounted at the site root before programs)."""

from django.urls import path, re_path

from api import pages

urlpatterns = [
    path("open-data/", pages.open_data_catalog_page, name="open_data_catalog_page"),
    re_path(r"^open-data/catalog\.(?P<extension>rdf|ttl|jsonld)$", pages.open_data_catalog,
            name="open_data_catalog"),
    re_path(r"^open-data/consultations\.(?P<extension>csv|xlsx|json)$",
            pages.open_data_consultations, name="open_data_consultations"),
    path("programmes/<slug:slug>/open-data.csv", pages.open_data_csv, name="open_data_csv"),
    path("programmes/<slug:slug>/open-data.json", pages.open_data_json, name="open_data_json"),
    path("programmes/<slug:slug>/open-data.xlsx", pages.open_data_xlsx, name="open_data_xlsx"),
]
