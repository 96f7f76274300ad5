"""The site's URLs with OpenID Connect's, for tests that switch OpenID Connect on in-process."""

from django.urls import include, path

from prioritet.web.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("oidc/", include("mozilla_django_oidc.urls"))]
