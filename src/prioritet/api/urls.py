"""URLs of the API token pages (namespace ``api``). The API itself is ``prioritet.api.api`` at ``/api/v1/``."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("municipality/api-tokens/", views.token_list, name="token_list"),
    path("municipality/api-tokens/integrations/new/", views.integration_create, name="integration_create"),
    path("municipality/api-tokens/new/", views.token_create, name="token_create"),
    path("municipality/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
