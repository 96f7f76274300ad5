from django.urls import path

from . import views

app_name = "waiting"

urlpatterns = [
    path("waiting/", views.index, name="index"),
    path("waiting/new/", views.service_create, name="service_create"),
    path("waiting/<int:pk>/", views.detail, name="detail"),
    path("waiting/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("waiting/<int:pk>/capacity/", views.capacity, name="capacity"),
    path("waiting/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("waiting/<int:pk>/statistics/", views.statistics, name="statistics"),
    path("waiting/<int:pk>/entries/<int:entry_pk>/end/", views.end_entry, name="end_entry"),
    path("waiting/<int:pk>/entries/<int:entry_pk>/urgency/", views.urgency, name="urgency"),
    path("cases/<int:case_pk>/waiting/", views.for_case, name="for_case"),
]
