"""The national example bank under ``/eksempelbank/``; sharing a case under ``/cases/<pk>/``."""

from django.urls import path

from . import views

app_name = "examples"

urlpatterns = [
    path("eksempelbank/", views.search, name="search"),
    path("eksempelbank/<int:pk>/", views.detail, name="detail"),
    path("eksempelbank/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("eksempelbank/<int:pk>/template/", views.use_as_template, name="template"),
    path("cases/<int:pk>/example-bank/", views.publish, name="publish"),
    path("cases/<int:pk>/example-bank/lesson/", views.share_lesson, name="share_lesson"),
]
