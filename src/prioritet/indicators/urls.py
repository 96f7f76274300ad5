from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.indicator_list, name="list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="detail"),
    path("indicators/dashboard/", views.dashboard_view, name="dashboard"),
    path("indicators/dashboard/export.csv", views.dashboard_export, {"fmt": "csv"}, name="dashboard_csv"),
    path("indicators/dashboard/export.xlsx", views.dashboard_export, {"fmt": "xlsx"}, name="dashboard_xlsx"),
    path("indicators/dashboard/<int:pk>/chart.png", views.dashboard_chart, name="dashboard_png"),
    path("indicators/<int:pk>/export.csv", views.indicator_export, {"fmt": "csv"}, name="export_csv"),
    path("indicators/<int:pk>/export.xlsx", views.indicator_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("indicators/<int:pk>/chart.png", views.indicator_export, {"fmt": "png"}, name="export_png"),
    path("indicators/upload/", views.upload, name="upload"),
    path("indicators/own/", views.compute_own, name="compute_own"),
    path("indicators/upload/template.csv", views.upload_template, {"kind": "csv"}, name="upload_template_csv"),
    path("indicators/upload/template.xlsx", views.upload_template, {"kind": "xlsx"}, name="upload_template_xlsx"),
    path("indicators/imports/<int:upload_pk>/", views.import_status, name="import_status"),
    path("indicators/imports/<int:upload_pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("indicators/imports/<int:upload_pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("indicators/comparison/", views.comparison, name="comparison"),
    path("indicators/comparison/export.csv", views.comparison_export, {"fmt": "csv"}, name="comparison_csv"),
    path("indicators/comparison/export.xlsx", views.comparison_export, {"fmt": "xlsx"}, name="comparison_xlsx"),
    path("indicators/definitions/", views.definition_list, name="definition_list"),
    path("indicators/definitions/new/", views.definition_form, name="definition_create"),
    path("indicators/<int:pk>/edit/", views.definition_form, name="definition_edit"),
    path("indicators/<int:pk>/delete/", views.definition_delete, name="definition_delete"),
    path("indicators/<int:pk>/targets/new/", views.target_create, name="target_create"),
    path("indicators/projections/", views.projection_list, name="projections"),
    path("indicators/projections/new/", views.projection_create, name="projection_create"),
    path("indicators/projections/<int:pk>/", views.projection_detail, name="projection"),
    path("indicators/projections/<int:pk>/edit/", views.projection_edit, name="projection_edit"),
    path("indicators/projections/<int:pk>/population/", views.projection_population, name="projection_population"),
    path(
        "indicators/projections/<int:pk>/scenarios/new/",
        views.projection_scenario_create,
        name="projection_scenario_create",
    ),
    path(
        "indicators/projections/<int:pk>/scenarios/<int:projection_scenario_pk>/",
        views.projection_scenario_edit,
        name="projection_scenario_edit",
    ),
    path(
        "indicators/projections/<int:pk>/scenarios/<int:projection_scenario_pk>/delete/",
        views.projection_scenario_delete,
        name="projection_scenario_delete",
    ),
    path("cases/<int:case_pk>/indicators/cite/", views.cite, name="cite"),
    path("cases/<int:case_pk>/indicators/cite-projection/", views.cite_projection, name="cite_projection"),
    path("cases/<int:case_pk>/indicators/<int:citation_pk>/remove/", views.remove_citation, name="remove_citation"),
]
