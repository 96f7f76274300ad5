"""URLs of the administrators' pages (namespace ``accounts``)."""

from django.urls import path

from prioritet.accounts import views

app_name = "accounts"

urlpatterns = [
    path("municipality/users/", views.user_list, name="user_list"),
    path("municipality/users/new/", views.user_create, name="user_create"),
    path("municipality/users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/mfa-reset/", views.user_mfa_reset, name="user_mfa_reset"),
    path("account/security/", views.security, name="security"),
    path("account/security/setup/", views.mfa_setup, name="mfa_setup"),
    path("account/security/verify/", views.mfa_verify, name="mfa_verify"),
    path("account/security/recovery-codes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("account/security/off/", views.mfa_turn_off, name="mfa_turn_off"),
    path("municipality/service-areas/", views.service_area_list, name="service_area_list"),
    path("municipality/service-areas/new/", views.service_area_create, name="service_area_create"),
    path("municipality/service-areas/<int:pk>/", views.service_area_edit, name="service_area_edit"),
    path("national/municipalities/", views.municipality_list, name="municipality_list"),
    path("national/municipalities/new/", views.municipality_create, name="municipality_create"),
    path("national/municipalities/<int:pk>/", views.municipality_edit, name="municipality_edit"),
    path("national/municipalities/<int:pk>/admins/new/", views.municipal_admin_create, name="municipal_admin_create"),
]
