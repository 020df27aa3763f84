from django.urls import path

from spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("programme-template.xlsx", views.programme_template, name="programme_template"),
    path("programme-example.xlsx", views.programme_example, name="programme_example"),
    path("import/", views.programme_import, name="programme_import"),
    path("import/<uuid:token>/", views.programme_import_confirm,
         name="programme_import_confirm"),
    path("programmes/<slug:slug>/export.xlsx", views.programme_export, name="programme_export"),
    path("programmes/<slug:slug>/<int:year>/values.xlsx", views.value_sheet_download,
         name="value_sheet"),
    path("programmes/<slug:slug>/<int:year>/upload/", views.value_sheet_upload,
         name="value_upload"),
    path("programmes/<slug:slug>/<int:year>/upload/<uuid:token>/", views.value_sheet_confirm,
         name="value_upload_confirm"),
]
