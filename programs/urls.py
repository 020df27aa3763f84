from django.urls import path

from programs import views

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("identity/logo", views.identity_logo, name="identity_logo"),
]
