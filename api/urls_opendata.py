"""The public face: each programme's public pages under /public/, the open-data catalogue and the
consultations' files under /open-data/, each programme's values under its URL (mounted at the
site root before programs)."""

from django.urls import path, re_path

from api import pages, public_views

urlpatterns = [
    path("public/programmes/<slug:slug>/", public_views.programme_page, name="public_programme"),
    path("public/programmes/<slug:slug>/goals/<int:pk>/", public_views.goal_page,
         name="public_goal"),
    path("public/programmes/<slug:slug>/indicators/<int:pk>/", public_views.indicator_page,
         name="public_indicator"),
    path("open-data/", pages.open_data_catalog_page, name="open_data_catalog_page"),
    re_path(r"^open-data/catalog\.(?P<extension>rdf|ttl|jsonld)$", pages.open_data_catalog,
            name="open_data_catalog"),
    re_path(r"^open-data/consultations\.(?P<extension>csv|xlsx|json)$",
            pages.open_data_consultations, name="open_data_consultations"),
    re_path(r"^open-data/measures\.(?P<extension>csv|xlsx|json)$",
            pages.open_data_measures, name="open_data_measures"),
    path("programmes/<slug:slug>/open-data.csv", pages.open_data_csv, name="open_data_csv"),
    path("programmes/<slug:slug>/open-data.json", pages.open_data_json, name="open_data_json"),
    path("programmes/<slug:slug>/open-data.xlsx", pages.open_data_xlsx, name="open_data_xlsx"),
    re_path(r"^programmes/(?P<slug>[-\w]+)/diagnosis\.(?P<extension>csv|xlsx|json)$",
            pages.open_data_diagnosis, name="open_data_diagnosis"),
]
