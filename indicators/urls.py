from django.urls import path

from indicators import diagnosis_views, measure_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/years/open/", views.year_open, name="year_open"),
    path("programmes/<slug:slug>/diagnosis/", diagnosis_views.diagnosis_monitoring,
         name="diagnosis_monitoring"),
    path("programmes/<slug:slug>/<int:year>/entry/", views.value_entry, name="value_entry"),
    path("programmes/<slug:slug>/<int:year>/review/", views.year_review, name="year_review"),
    path("programmes/<slug:slug>/<int:year>/lock/", views.year_lock, name="year_lock"),
    path("programmes/<slug:slug>/<int:year>/publish/", views.year_publish, name="year_publish"),
    path("programmes/<slug:slug>/<int:year>/unpublish/", views.year_unpublish,
         name="year_unpublish"),
    path("programmes/<slug:slug>/<int:year>/reopen/", views.year_reopen, name="year_reopen"),
    path(
        "programmes/<slug:slug>/<int:year>/reminders/",
        views.reminders_send,
        name="reminders_send",
    ),
    path(
        "programmes/<slug:slug>/<int:year>/values/<int:indicator_id>/history/",
        views.value_history,
        name="value_history",
    ),
    path("values/check/", views.value_check, name="value_check"),
    path("measures/", measure_views.measure_list, name="measure_list"),
    path("measures/export.xlsx", measure_views.measure_export, name="measure_export"),
    path("measures/proposals/", measure_views.measure_proposals, name="measure_proposals"),
    path("measures/<int:pk>/", measure_views.measure_detail, name="measure_detail"),
    path("indicators/<int:pk>/unlink/", measure_views.indicator_unlink,
         name="indicator_unlink"),
]
