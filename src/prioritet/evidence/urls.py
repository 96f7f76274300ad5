from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("cases/<int:pk>/evidence/", views.for_case, name="for_case"),
    path("cases/<int:pk>/evidence/alternatives/<int:alt>/", views.mini_hta, name="mini_hta"),
    path("cases/<int:pk>/evidence/alternatives/<int:alt>/edit/", views.mini_hta_edit, name="mini_hta_edit"),
    path("cases/<int:pk>/evidence/etd/new/", views.etd_edit, name="etd_create"),
    path("cases/<int:pk>/evidence/etd/<int:eid>/", views.etd_detail, name="etd"),
    path("cases/<int:pk>/evidence/etd/<int:eid>/edit/", views.etd_edit, name="etd_edit"),
]
