"""Public pages under ``/p/`` (no login) and the internal publishing pages under ``/publishing/``."""

from django.urls import path

from . import views
from .feeds import PublicationFeed

app_name = "public"

urlpatterns = [
    path("p/", views.index, name="index"),
    path("p/<slug:slug>/", views.municipality_page, name="municipality"),
    path("p/<slug:slug>/kriterier-og-vekter/", views.criteria, name="criteria"),
    path("p/<slug:slug>/prioriteringer/<int:pk>/", views.publication, name="publication"),
    path("p/<slug:slug>/nokkeltall/", views.key_figures, name="key_figures"),
    path("p/<slug:slug>/feed/", views.public_page(PublicationFeed()), name="feed"),
    path("public/language/", views.set_language, name="language"),
    path("publishing/", views.manage, name="manage"),
    path("publishing/key-figures/", views.key_figure_list, name="key_figure_list"),
    path("publishing/key-figures/<int:pk>/", views.key_figure_edit, name="key_figure_edit"),
    path("publishing/<int:pk>/", views.publish, name="publish"),
    path("publishing/<int:pk>/unpublish/", views.unpublish, name="unpublish"),
]
