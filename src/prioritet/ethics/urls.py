from django.urls import path

from . import views

app_name = "ethics"

urlpatterns = [
    path("cases/<int:pk>/ethics/", views.for_case, name="for_case"),
    path("cases/<int:pk>/ethics/new/", views.start, name="start"),
    path("cases/<int:pk>/ethics/<int:rid>/", views.detail, name="detail"),
    path("cases/<int:pk>/ethics/<int:rid>/edit/", views.intro_edit, name="intro_edit"),
    path("cases/<int:pk>/ethics/<int:rid>/step/<int:number>/", views.step, name="step"),
    path("cases/<int:pk>/ethics/<int:rid>/complete/", views.complete, name="complete"),
    path("cases/<int:pk>/ethics/<int:rid>/reopen/", views.reopen, name="reopen"),
]
