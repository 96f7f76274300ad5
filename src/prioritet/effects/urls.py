from django.urls import path

from . import views

app_name = "effects"

urlpatterns = [
    path("cases/<int:pk>/effects/", views.for_case, name="for_case"),
    path("cases/<int:pk>/effects/implementation/", views.implementation, name="implementation"),
    path("cases/<int:pk>/effects/new/", views.effect_create, name="effect_create"),
    path("cases/<int:pk>/effects/<int:effect_pk>/edit/", views.effect_edit, name="effect_edit"),
    path("cases/<int:pk>/effects/<int:effect_pk>/evaluate/", views.evaluate, name="evaluate"),
]
