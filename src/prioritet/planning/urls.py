from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("plans/", views.calendar, name="calendar"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("plans/milestones/<int:milestone_pk>/", views.milestone_edit, name="milestone_edit"),
    path("plans/case/<int:case_pk>/", views.case_plan, name="case_plan"),
    path("plans/feed/", views.feed_settings, name="feed_settings"),
    path("plans/feed/<str:feed_token>.ics", views.feed, name="feed"),
]
