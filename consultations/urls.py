"""Mounted at /consultations/: the public list and reports, and the staff pages under manage/."""

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/report/", views.report_html, name="report_html"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.consultation_create, name="consultation_create"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("manage/<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("manage/<int:pk>/publish/", views.publish_report, name="publish_report"),
    path("manage/<int:pk>/withdraw/", views.withdraw_report, name="withdraw_report"),
    path("manage/<int:pk>/submissions/new/", views.submission_create, name="submission_create"),
    path("manage/submissions/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("manage/submissions/<int:pk>/proposals/new/", views.proposal_create,
         name="proposal_create"),
    path("manage/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("manage/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
]
