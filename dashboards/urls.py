from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("programmes/<slug:slug>/dashboard/", views.programme, name="programme"),
    path(
        "programmes/<slug:slug>/dashboard/indicators/<int:indicator_id>/",
        views.indicator,
        name="indicator",
    ),
    path("organisations/<int:pk>/dashboard/", views.organisation, name="organisation"),
]
