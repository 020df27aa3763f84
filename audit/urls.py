"""Mounted at /audit/."""

from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export.csv", views.event_export, name="event_export"),
    path("lockouts/", views.lockouts, name="lockouts"),
]
