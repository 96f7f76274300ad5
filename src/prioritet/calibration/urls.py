from django.urls import path

from . import views

app_name = "calibration"

urlpatterns = [
    path("calibration/", views.exercise_list, name="list"),
    path("calibration/new/", views.exercise_create, name="create"),
    path("calibration/<int:pk>/", views.exercise_detail, name="detail"),
    path("calibration/<int:pk>/edit/", views.exercise_edit, name="edit"),
    path("calibration/<int:pk>/close/", views.exercise_close, name="close"),
    path("calibration/<int:pk>/rate/", views.rate, name="rate"),
    path("calibration/<int:pk>/results/", views.results, name="results"),
]
