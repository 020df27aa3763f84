from django.urls import path

from reports import digest_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("digest/", digest_views.digest_settings, name="digest"),
    path("digest/unsubscribe/<str:token>/", digest_views.digest_unsubscribe,
         name="digest_unsubscribe"),
]
