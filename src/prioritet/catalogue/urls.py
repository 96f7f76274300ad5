from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("catalogue/", views.index, name="index"),
    path("catalogue/new/", views.edit, name="create"),
    path("catalogue/<int:pk>/edit/", views.edit, name="edit"),
    path("catalogue/<int:pk>/archive/", views.archive, name="archive"),
    path("catalogue/for-case/<int:case_pk>/", views.pick, name="pick"),
]
