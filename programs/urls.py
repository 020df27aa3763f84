from django.urls import path

from programs import views

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
