from django.urls import path

from . import consistency_views, views

app_name = "cases"

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/due/", views.due_list, name="due"),
    path("cases/overview/", views.overview, name="overview"),
    path("cases/access-log/", views.access_log, name="access_log"),
    path("cases/corrections/", views.corrections, name="corrections"),
    path("cases/consistency/", consistency_views.consistency_list, name="consistency"),
    path("cases/consistency/<int:report_pk>/", consistency_views.consistency_report, name="consistency_report"),
    path("cases/access-reviews/", views.access_reviews, name="access_reviews"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/history/", views.case_history, name="history"),
    path("cases/<int:pk>/access/", views.break_glass, name="break_glass"),
    path("cases/<int:pk>/team/", views.team, name="team"),
    path("cases/<int:pk>/edit/", views.case_edit, name="edit"),
    path("cases/<int:pk>/phase/", views.phase_change, name="phase"),
    path("cases/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("cases/<int:pk>/archive/", views.case_archive, name="archive"),
    path("cases/<int:pk>/alternatives/new/", views.alternative_create, name="alternative_create"),
    path("cases/<int:pk>/alternatives/<int:alt>/edit/", views.alternative_edit, name="alternative_edit"),
    path("cases/<int:pk>/alternatives/<int:alt>/archive/", views.alternative_archive, name="alternative_archive"),
    path("cases/<int:pk>/alternatives/<int:alt>/assessment/", views.assessment_edit, name="assessment"),
    path("cases/<int:pk>/decide/", views.decide, name="decide"),
    path("cases/<int:pk>/innstilling/", views.recommend, name="recommend"),
    path("cases/<int:pk>/vedtak/", views.vedtak, name="vedtak"),
    path("cases/decision-bodies/", views.body_list, name="bodies"),
    path("cases/decision-bodies/new/", views.body_edit, name="body_create"),
    path("cases/decision-bodies/<int:body_pk>/", views.body_edit, name="body_edit"),
    path("cases/<int:pk>/reassess/", views.reassess, name="reassess"),
    path("cases/<int:pk>/voice/", views.voice, name="voice"),
    path("cases/<int:pk>/complaints/new/", views.complaint_create, name="complaint_create"),
    path("cases/<int:pk>/complaints/<int:complaint_pk>/unit/", views.complaint_unit, name="complaint_unit"),
    path(
        "cases/<int:pk>/complaints/<int:complaint_pk>/statsforvalteren/",
        views.complaint_appeal,
        name="complaint_appeal",
    ),
]
