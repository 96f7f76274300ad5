from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.indicator_list, name="list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="detail"),
    path("indicators/upload/", views.upload, name="upload"),
    path("indicators/comparison/", views.comparison, name="comparison"),
    path("indicators/<int:pk>/targets/new/", views.target_create, name="target_create"),
]
