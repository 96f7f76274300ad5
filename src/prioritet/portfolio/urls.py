from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("portfolio/", views.portfolio_list, name="list"),
    path("portfolio/resource-columns/", views.column_list, name="columns"),
    path("portfolio/case/<int:case_pk>/", views.for_case, name="for_case"),
    path("portfolio/case/<int:case_pk>/new/", views.portfolio_create, name="create"),
    path("portfolio/<int:pk>/", views.portfolio_detail, name="detail"),
    path("portfolio/<int:pk>/frontier/", views.frontier_point, name="frontier"),
    path("portfolio/<int:pk>/robustness/", views.robustness_status, name="robustness"),
    path("portfolio/<int:pk>/analyse/", views.analyse, name="analyse"),
    path("portfolio/<int:pk>/budget/", views.budget_edit, name="budget"),
    path("portfolio/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("portfolio/<int:pk>/measures/<int:measure_pk>/edit/", views.measure_edit, name="measure_edit"),
    path("portfolio/<int:pk>/measures/<int:measure_pk>/archive/", views.measure_archive, name="measure_archive"),
    path("portfolio/<int:pk>/import/", views.import_upload, name="import"),
    path("portfolio/<int:pk>/import/<int:import_id>/", views.import_status, name="import_status"),
    path("portfolio/<int:pk>/import/<int:import_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("portfolio/<int:pk>/scenarios/", views.scenario_list, name="scenarios"),
    path("portfolio/<int:pk>/scenarios/new/", views.scenario_create, name="scenario_create"),
    path("portfolio/<int:pk>/scenarios/save/", views.scenario_save, name="scenario_save"),
    path("portfolio/<int:pk>/scenarios/optimal/", views.scenario_optimal, name="scenario_optimal"),
    path("portfolio/<int:pk>/scenarios/<int:scenario_pk>/", views.scenario_edit, name="scenario"),
    path("portfolio/<int:pk>/scenarios/<int:scenario_pk>/archive/", views.scenario_archive, name="scenario_archive"),
    path("portfolio/<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("portfolio/<int:pk>/export.csv", views.export_csv, name="export_csv"),
]
