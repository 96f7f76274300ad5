from django.urls import path

from . import views

app_name = "weighting"

urlpatterns = [
    path("weights/", views.version_list, name="list"),
    path("weights/new/", views.version_create, name="create"),
]
