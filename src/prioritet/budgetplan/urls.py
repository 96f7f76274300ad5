from django.urls import path

from . import views

app_name = "budgetplan"

urlpatterns = [
    path("cases/<int:pk>/okonomiplan/", views.for_case, name="for_case"),
    path("cases/<int:pk>/okonomiplan/edit/", views.edit, name="edit"),
    path("cases/<int:pk>/okonomiplan/optimise/", views.optimise, name="optimise"),
    path("cases/<int:pk>/okonomiplan/optimum/", views.optimisation_status, name="optimisation_status"),
    path("cases/<int:pk>/okonomiplan/measures/<int:plan_measure_pk>/", views.measure_edit, name="measure_edit"),
    path("cases/<int:pk>/okonomiplan/import/", views.import_upload, name="import_upload"),
    path("cases/<int:pk>/okonomiplan/frames/import/", views.frames_upload, name="frames_upload"),
    path("cases/<int:pk>/okonomiplan/import/<int:plan_import_pk>/", views.import_status, name="import_status"),
    path(
        "cases/<int:pk>/okonomiplan/import/<int:plan_import_pk>/confirm/",
        views.import_confirm,
        name="import_confirm",
    ),
    path("okonomiplan/party-groups/", views.party_groups, name="party_groups"),
    path("okonomiplan/party-groups/<int:party_group_pk>/", views.party_group_edit, name="party_group_edit"),
    path("cases/<int:pk>/okonomiplan/alternatives/new/", views.alternative_create, name="alternative_create"),
    path("cases/<int:pk>/okonomiplan/alternatives/<int:alternative_pk>/", views.alternative, name="alternative"),
    path("cases/<int:pk>/okonomiplan/innstilling/", views.innstilling, name="innstilling"),
    path("cases/<int:pk>/okonomiplan/innstilling/withdraw/", views.innstilling_withdraw, name="innstilling_withdraw"),
    # The public display of the innstilling (no login), beside the municipality's other public pages.
    path("p/<slug:slug>/okonomiplan/<int:pk>/", views.public_innstilling, name="public_innstilling"),
    path(
        "cases/<int:pk>/okonomiplan/alternatives/<int:alternative_pk>/submit/",
        views.alternative_submit,
        name="alternative_submit",
    ),
    path("cases/<int:pk>/okonomiplan/questions/", views.questions, name="questions"),
    path("cases/<int:pk>/okonomiplan/questions/new/", views.question_create, name="question_create"),
    path("cases/<int:pk>/okonomiplan/questions/<int:question_pk>/", views.question, name="question"),
    path(
        "cases/<int:pk>/okonomiplan/questions/<int:question_pk>/assign/",
        views.question_assign,
        name="question_assign",
    ),
    path(
        "cases/<int:pk>/okonomiplan/questions/<int:question_pk>/answer/",
        views.question_answer,
        name="question_answer",
    ),
    path(
        "cases/<int:pk>/okonomiplan/questions/<int:question_pk>/approve/",
        views.question_approve,
        name="question_approve",
    ),
    path(
        "cases/<int:pk>/okonomiplan/questions/<int:question_pk>/publish/",
        views.question_publish,
        name="question_publish",
    ),
]
