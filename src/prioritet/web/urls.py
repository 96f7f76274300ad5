"""Root URL configuration.

Routes: ``/`` dashboard (``home``); ``/login/``, ``/logout/`` (POST), ``/password/`` and
``/password/done/`` (``login``, ``logout``, ``password_change``, ``password_change_done``);
``/password/reset/...`` (``password_reset``, ``_done``, ``_confirm``, ``_complete``);
``/i18n/setlang/`` (``set_language``); ``/municipality/...`` and ``/national/...`` (``accounts:``);
``/oidc/...`` when OpenID Connect is configured; ``/django-admin/`` for superusers; ``/healthz``;
``/accessibility/`` (the accessibility statement, ``accessibility``);
and the ``urls`` module of each app in ``settings.PRODUCT_APPS``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from prioritet.accounts import views as account_views
from prioritet.api.api import api_urls
from prioritet.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", account_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", account_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", account_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", account_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The language switch: stored on a signed-in user, in the cookie for anonymous visitors.
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("", include("prioritet.accounts.urls")),
    path("django-admin/", admin.site.urls),
    path("api/v1/", api_urls),
]

# Apps that build on the foundation (settings.PRODUCT_APPS) bring their own ``urls`` module with
# full paths (``cases/...``) and their own namespace; they are included at the root.
urlpatterns += [path("", include(f"{app}.urls")) for app in settings.PRODUCT_APPS]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
