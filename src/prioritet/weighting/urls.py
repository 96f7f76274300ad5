from django.urls import path

from . import views

app_name = "weighting"

urlpatterns = [
    path("weights/", views.version_list, name="list"),
    path("weights/new/", views.version_create, name="create"),
    path("weights/<int:number>/", views.version_detail, name="detail"),
    path("weights/swing/", views.swing_order, name="swing"),
    path("weights/swing/points/", views.swing_points, name="swing_points"),
    path("weights/swing/confirm/", views.swing_confirm, name="swing_confirm"),
    path("weights/pairwise/", views.pairwise_start, name="pairwise"),
    path("weights/pairwise/<int:number>/", views.pairwise_question, name="pairwise_question"),
    path("weights/pairwise/result/", views.pairwise_result, name="pairwise_result"),
    path("weights/<str:flow>/cancel/", views.flow_cancel, name="cancel"),
]
